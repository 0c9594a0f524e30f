//! Invented words for the demo: no real person, service or address appears.

pub(crate) const FIRST_NAMES: &[&str] = &[
    "Amara", "Bilal", "Callum", "Daisy", "Efe", "Freya", "Gethin", "Hana", "Idris", "Jude",
    "Kasia", "Leon", "Maya", "Niamh", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tegan", "Umar",
    "Vera", "Wren", "Yusuf", "Zara", "Alfie", "Bea", "Cerys", "Dev", "Elsie", "Finn", "Grace",
    "Harvey", "Isla", "Jonah", "Kemi", "Lola", "Mason", "Nell", "Owen", "Poppy", "Reuben", "Sana",
    "Theo", "Una", "Vikram", "Willa", "Xander", "Yara", "Zac", "Ayo", "Bryn", "Cleo", "Dara",
    "Eli", "Fern",
];

const SURNAME_STARTS: &[&str] = &[
    "Ash", "Bram", "Carr", "Dun", "Fen", "Gil", "Hart", "Kel", "Lang", "Marl", "Nor", "Oak", "Pen",
    "Red", "Sel", "Thorn", "Wex", "Yar", "Brack", "Cold", "Elm", "Hol", "Mill", "Rush",
];

const SURNAME_ENDS: &[&str] =
    &["by", "croft", "den", "field", "ford", "ham", "ley", "more", "ridge", "ton", "well", "wood"];

const PLACE_ENDS: &[&str] = &["bridge", "chester", "dale", "minster", "port", "stead", "wick"];

pub(crate) const REGIONS: &[&str] = &[
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
];

pub(crate) const STARS: &[&str] = &[
    "Lyra",
    "Orion",
    "Cygnus",
    "Vega",
    "Altair",
    "Draco",
    "Perseus",
    "Pegasus",
    "Carina",
    "Aquila",
    "Cassiopeia",
    "Andromeda",
    "Phoenix",
    "Hydra",
    "Lupus",
    "Corvus",
    "Aries",
    "Leo",
    "Sirius",
    "Polaris",
    "Rigel",
    "Deneb",
    "Capella",
    "Mira",
];

const POSTCODE_AREAS: &[&str] = &[
    "LS", "BD", "HX", "WF", "HD", "S", "DN", "NE", "SR", "DH", "TS", "M", "OL", "BL", "WN", "L",
    "CH", "B", "CV", "WS", "NG", "DE", "LE", "NR", "IP", "CB", "E", "N", "SE", "SW", "BN", "RH",
    "GU", "OX", "BS", "BA", "EX", "PL", "TQ", "NN",
];

const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

pub(crate) const SOCIAL_TITLES: &[&str] = &[
    "Picnic in the park",
    "Bowling afternoon",
    "Christmas party",
    "Summer barbecue",
    "Swimming trip",
    "Games night",
    "Farm visit",
    "Pizza and film night",
];

pub(crate) const TRAINING_TITLES: &[&str] = &[
    "Training: therapeutic parenting",
    "Training: managing allegations",
    "Training: life story work",
    "Training: online safety",
    "Training: first aid",
];

pub(crate) const UNAVAILABLE_REASONS: &[&str] =
    &["Family holiday", "Carer unwell", "Training course", "Family event"];

use super::rng::Rng;

pub(crate) fn surname(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAME_STARTS), rng.pick(SURNAME_ENDS))
}

pub(crate) fn first_name(rng: &mut Rng) -> &'static str {
    let name: &&'static str = rng.pick(FIRST_NAMES);
    name
}

pub(crate) fn place(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAME_STARTS), rng.pick(PLACE_ENDS))
}

/// A postcode-shaped string in one of a service's areas, like `LS12 4QT`.
pub(crate) fn postcode(rng: &mut Rng, area: &str) -> String {
    let letter = |rng: &mut Rng| char::from(*rng.pick(INWARD_LETTERS));
    format!("{area}{} {}{}{}", rng.between(1, 29), rng.between(1, 9), letter(rng), letter(rng))
}

pub(crate) fn postcode_area(rng: &mut Rng) -> &'static str {
    let area: &&'static str = rng.pick(POSTCODE_AREAS);
    area
}
