//! E-mail without names, and the private calendar feed.

use axum::http::StatusCode;
use domain::{Date, Id};
use serde_json::json;

use super::*;

#[tokio::test]
async fn the_host_is_told_of_a_request_and_the_asker_of_the_answer_with_no_names() {
    let c = constellation(2, 1).await;
    let hub = c.hub_carer().await;
    let carer = c.satellite_carer("sat@example.org", &c.satellites[0]).await;
    let liaison = c.liaison().await;
    // The liaison worker chooses no e-mails at all.
    liaison.put_json("/api/v1/account/notifications", &json!({})).await;
    let mut emergency = ask(&c.satellites[0], &[&c.children[0][0]], &days_ahead(0), 1);
    emergency["kind"] = json!("emergency");
    emergency["reason"] = json!("crisis");
    let made = carer.post_json("/api/v1/sleepovers", &emergency).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    hub.post_json(
        &format!("/api/v1/sleepovers/{}/confirm", made.json()["id"].as_str().unwrap()),
        &json!({}),
    )
    .await;
    let mut mail = Vec::new();
    for m in c.app.store.claim_mail(50).await.unwrap() {
        assert!(!m.body.contains("Juniper") && !m.subject.contains("Juniper"), "{}", m.body);
        assert!(!m.body.contains("Okafor") && !m.body.contains("Hartley"), "{}", m.body);
        mail.push((m.to, m.subject));
    }
    mail.sort();
    assert_eq!(mail.len(), 2, "{mail:?}");
    assert_eq!(mail[0].0, "hub@example.org");
    assert!(mail[0].1.starts_with("Emergency: "));
    assert_eq!(mail[1].0, "sat@example.org");
    assert!(mail[1].1.ends_with("confirmed"));
}

#[tokio::test]
async fn a_request_tells_its_hosts_carers_and_an_emergency_the_liaison_worker_too() {
    let c = constellation(2, 2).await;
    let rules = json!({"sleepover_nights": 3, "short_break_nights": 7, "notice_days": 0, "yearly_nights": 28, "satellites_may_host": true});
    c.app.put_json(&format!("/api/v1/services/{}/sleepover-rules", c.service), &rules).await;
    c.hub_carer().await;
    c.liaison().await;
    let carer = c.satellite_carer("sat@example.org", &c.satellites[0]).await;
    c.satellite_carer("host@example.org", &c.satellites[1]).await;
    let hosts = [None, Some(&c.hub), Some(&c.satellites[1])];
    let mut told = Vec::new();
    for (n, (host, kind)) in
        hosts.iter().flat_map(|h| [(h, "planned"), (h, "emergency")]).enumerate()
    {
        let mut body = ask(&c.satellites[0], &[&c.children[0][0]], &days_ahead(3 * n as i32), 1);
        body["kind"] = json!(kind);
        body["reason"] = json!(if kind == "emergency" { "crisis" } else { "respite" });
        if let Some(host) = host {
            body["host_household_id"] = json!(host);
        }
        let made = carer.post_json("/api/v1/sleepovers", &body).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let mut to: Vec<String> =
            c.app.store.claim_mail(50).await.unwrap().into_iter().map(|m| m.to).collect();
        to.sort();
        told.push(to.join(" "));
    }
    assert_eq!(
        told,
        [
            "hub@example.org",
            "hub@example.org liaison@example.org",
            "hub@example.org",
            "hub@example.org liaison@example.org",
            "host@example.org",
            "host@example.org liaison@example.org",
        ],
        "the hub unnamed and named, then a satellite named; planned, then an emergency"
    );
}

#[tokio::test]
async fn mail_goes_to_a_folder_and_a_private_calendar_lists_the_stay_until_revoked() {
    let c = constellation(2, 1).await;
    let carer = c.satellite_carer("sat@example.org", &c.satellites[0]).await;
    c.hub_carer().await;
    let first = Date::today().add_days(10);
    let made = carer
        .post_json(
            "/api/v1/sleepovers",
            &ask(&c.satellites[0], &[&c.children[0][0]], &first.to_string(), 2),
        )
        .await;
    let stay = made.json()["id"].as_str().unwrap().to_string();

    let folder = std::env::temp_dir().join(format!("constellate-mail-{}", Id::new()));
    let settings = web::mail::MailSettings {
        delivery: web::mail::Delivery::Folder(folder.clone()),
        from: "Constellate <constellate@example.org>".into(),
        public_url: "https://constellate.example.org".into(),
    };
    assert_eq!(web::mail::send_waiting(&c.app.store, &settings).await.unwrap(), 1);
    let files: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|f| f.unwrap().path()).collect();
    // Quoted-printable: soft line breaks joined again.
    let message = std::fs::read_to_string(&files[0]).unwrap().replace("=\r\n", "");
    std::fs::remove_dir_all(&folder).unwrap();
    assert!(message.contains("To: hub@example.org"), "{message}");
    assert!(
        message.contains(&format!("https://constellate.example.org/sleepovers/{stay}")),
        "{message}"
    );
    assert!(!message.contains("Juniper") && !message.contains("Okafor"), "{message}");
    assert_eq!(web::mail::send_waiting(&c.app.store, &settings).await.unwrap(), 0, "sent once");

    let feed = carer.post_json("/api/v1/account/calendar-feed", &json!({})).await;
    assert_eq!(feed.status, StatusCode::CREATED);
    let path = feed.json()["path"].as_str().unwrap().to_string();
    let ics = c.app.anonymous().get(&path).await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(ics.body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{}", ics.body);
    for line in [
        format!("UID:sleepover-{stay}@constellate"),
        format!("DTSTART;VALUE=DATE:{}", first.basic()),
        format!("DTEND;VALUE=DATE:{}", first.add_days(2).basic()),
        "TZID:Europe/London".to_string(),
    ] {
        assert!(ics.body.contains(&format!("{line}\r\n")), "{line} in {}", ics.body);
    }
    assert!(ics.body.contains("\r\nDTSTAMP:") && ics.body.contains("Juniper0x0"));
    assert!(!ics.body.contains("Okafor"));
    let revoked = carer.send_json("DELETE", "/api/v1/account/calendar-feed", &json!({})).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    assert_eq!(c.app.anonymous().get(&path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_calendar_address_is_shown_whole_at_the_sites_public_address() {
    let c = constellation(2, 1).await;
    let page = c.app.post_form("/account/calendar-feed", &[]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("/calendar/cal_"), "{}", page.body);
    let public = web::Settings {
        public_url: Some("https://constellate.example.org/".into()),
        ..Default::default()
    };
    let page = c.app.with_settings(public).post_form("/account/calendar-feed", &[]).await;
    assert!(page.body.contains("https://constellate.example.org/calendar/cal_"), "{}", page.body);
}

#[tokio::test]
async fn two_senders_at_once_claim_each_message_once() {
    let c = constellation(2, 2).await;
    let carer = c.satellite_carer("sat@example.org", &c.satellites[0]).await;
    c.hub_carer().await;
    let asked = ask_for_each_child(&c, &carer).await;
    // One message to the hub for each request, and none claimed yet.
    let store = &c.app.store;
    let (a, b) = tokio::join!(store.claim_mail(1), store.claim_mail(1));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.len() + b.len(), 2, "each sender claims one of the two");
    assert_ne!(a[0].id, b[0].id, "never the same message");
    assert!(store.claim_mail(50).await.unwrap().is_empty(), "both are claimed");
    assert_eq!(store.mail_waiting().await.unwrap(), 2, "claimed, not yet sent");
    store.mail_sent(a[0].id).await.unwrap();
    store.mail_sent(b[0].id).await.unwrap();
    assert_eq!(store.mail_waiting().await.unwrap(), 0, "both marked sent");
    let mut links: Vec<String> =
        [a, b].iter().flatten().map(|m| m.link.clone().unwrap_or_default()).collect();
    links.sort();
    let mut want: Vec<String> = asked.iter().map(|id| format!("/sleepovers/{id}")).collect();
    want.sort();
    assert_eq!(links, want, "one message for each request");
}

#[tokio::test]
async fn the_asker_is_told_of_the_hubs_answer_but_not_of_their_own_cancelling() {
    let c = constellation(2, 1).await;
    let hub = c.hub_carer().await;
    let carer = c.satellite_carer("sat@example.org", &c.satellites[0]).await;
    let stays = ask_for_each_child(&c, &carer).await;
    let store = &c.app.store;
    store.claim_mail(50).await.unwrap();
    let cancelled =
        carer.post_json(&format!("/api/v1/sleepovers/{}/cancel", stays[0]), &json!({})).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
    assert!(store.claim_mail(50).await.unwrap().is_empty(), "no mail for one's own cancelling");
    let confirmed =
        hub.post_json(&format!("/api/v1/sleepovers/{}/confirm", stays[1]), &json!({})).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    let told: Vec<String> = store.claim_mail(50).await.unwrap().into_iter().map(|m| m.to).collect();
    assert_eq!(told, ["sat@example.org"]);
}

/// The first satellite's carer asks for a night for each of its children, five days apart; the
/// ids of the stays asked for.
async fn ask_for_each_child(c: &Constellation, carer: &crate::harness::TestApp) -> Vec<String> {
    let mut asked = Vec::new();
    for (n, child) in c.children[0].iter().enumerate() {
        let first = days_ahead(10 + 5 * n as i32);
        let made = carer
            .post_json("/api/v1/sleepovers", &ask(&c.satellites[0], &[child], &first, 1))
            .await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        asked.push(made.json()["id"].as_str().unwrap().to_string());
    }
    asked
}
