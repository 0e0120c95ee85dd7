//! Answers that are broken, oversized or from the wrong place: errors, never panics.

use super::*;

#[tokio::test]
async fn broken_responses_are_errors_not_panics() {
    for (fault, check) in [
        (
            "500",
            (|e: &ApiError| matches!(e, ApiError::Server { status: 500, .. }))
                as fn(&ApiError) -> bool,
        ),
        (
            "malformed",
            |e| matches!(e, ApiError::Decode(m) if m.contains("text/html")),
        ),
        ("truncate", |e| matches!(e, ApiError::Decode(_))),
        ("reset", |e| matches!(e, ApiError::Network(_))),
        ("hang", |e| matches!(e, ApiError::Timeout)),
    ] {
        let sim = demo_sim(|c| c.faults = fault.parse().unwrap()).await;
        let c = client_with_timeout(&sim, Duration::from_millis(500));
        let err = c.user_alerts(&user("jdoe")).await.unwrap_err();
        assert!(check(&err), "{fault}: {err:?}");
    }
}

/// A server that answers every request with the same raw bytes.
async fn raw_server(response: Vec<u8>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = sock.read(&mut buf).await;
                let _ = sock.write_all(&response).await;
            });
        }
    });
    format!("http://{addr}")
}

fn static_client(base: &str) -> Client {
    let endpoints = Endpoints::for_cloud(mdetui::api::Cloud::Commercial, None)
        .unwrap()
        .with_api_url(base)
        .unwrap();
    Client::new(
        &endpoints,
        Credentials::StaticToken(Secret::new("t")),
        &ClientOptions {
            max_body_bytes: 1024 * 1024,
            ..ClientOptions::default()
        },
    )
}

#[tokio::test]
async fn oversized_and_foreign_answers_are_refused() {
    // 50 MB announced: refused before reading.
    let base = raw_server(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\n\r\n{\"value\":[".to_vec()).await;
    assert!(matches!(
        static_client(&base).user_alerts(&user("x")).await,
        Err(ApiError::TooLarge { .. })
    ));
    // Large without a length: cut off at the cap while streaming.
    let mut chunked =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n".to_vec();
    chunked.extend(std::iter::repeat_n(b' ', 3 * 1024 * 1024));
    let base = raw_server(chunked).await;
    assert!(matches!(
        static_client(&base).user_alerts(&user("x")).await,
        Err(ApiError::TooLarge { .. })
    ));
    // A next link to another host is not followed with our token.
    let body =
        r#"{"value":[],"@odata.nextLink":"https://evil.example/api/users/x/alerts?$skip=1"}"#;
    let base = raw_server(
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
    .await;
    assert!(matches!(
        static_client(&base).user_alerts(&user("x")).await,
        Err(ApiError::ForeignNextLink(_))
    ));
    // Nobody listening.
    let dead = static_client("http://127.0.0.1:9")
        .user_alerts(&user("x"))
        .await
        .unwrap_err();
    assert!(
        matches!(dead, ApiError::Network(ref m) if m.contains("refused")),
        "{dead:?}"
    );
}

#[tokio::test]
async fn every_entity_of_demo_and_scale_tenants_decodes() {
    for tenant in [
        generate::demo(),
        generate::scale(ScaleSpec {
            users: 5,
            machines: 20,
            alerts: 400,
            seed: 11,
        }),
    ] {
        let (users, machines, alerts) = tenant.counts();
        let sim = sim_with(tenant, |c| {
            c.fixed_token = Some("t".into());
            c.limits = mdetui::engine::Limits {
                per_minute: 10_000,
                per_hour: 10_000,
            };
        })
        .await;
        let http = reqwest::Client::new();
        let list = |path: &'static str| {
            http.get(format!("{}/api/{path}?$expand=evidence", sim.base_url()))
                .bearer_auth("t")
                .send()
        };
        let a: mdetui::api::model::Collection<mdetui::api::model::Alert> =
            list("alerts").await.unwrap().json().await.unwrap();
        assert_eq!(a.value.len(), alerts);
        let m: mdetui::api::model::Collection<mdetui::api::model::Machine> =
            list("machines").await.unwrap().json().await.unwrap();
        assert_eq!(m.value.len(), machines);
        // Users through logonusers of every machine, and the single-user shapes.
        let c = client_for(&sim);
        let mut seen = std::collections::HashSet::new();
        for machine in &m.value {
            for u in c
                .machine_logon_users(&MachineId::parse(&machine.id).unwrap())
                .await
                .unwrap()
                .items
            {
                seen.insert(u.id.to_lowercase());
            }
        }
        assert!(seen.len() <= users && !seen.is_empty());
    }
}
