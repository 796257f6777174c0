//! Live updates: the `dataChanged` subscription over WebSocket (graphql-transport-ws),
//! as each role sees it.

use crate::helpers::{TestApp, fixture_dir, spawn_app};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens a socket and sends `connection_init` with `key` in its payload; returns
/// the socket and the server's first answer.
async fn connect(app: &TestApp, key: Option<&str>) -> (Socket, Value) {
    let url = format!("{}/graphql/ws", app.address.replacen("http", "ws", 1));
    let mut request = url.into_client_request().expect("request");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("header"),
    );
    let (mut socket, response) = tokio_tungstenite::connect_async(request)
        .await
        .expect("the WebSocket opens");
    assert_eq!(
        response.headers()["sec-websocket-protocol"],
        "graphql-transport-ws"
    );
    let payload = key.map_or(
        json!({}),
        |k| json!({ "Authorization": format!("Bearer {k}") }),
    );
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": payload }),
    )
    .await;
    let first = next(&mut socket, Duration::from_secs(5))
        .await
        .unwrap_or(Value::Null);
    (socket, first)
}

async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::text(message.to_string()))
        .await
        .expect("send");
}

/// The next JSON message (pings and pongs skipped), or the close frame's code and
/// reason, or None when nothing comes within `wait`.
async fn next(socket: &mut Socket, wait: Duration) -> Option<Value> {
    loop {
        let message = tokio::time::timeout(wait, socket.next())
            .await
            .ok()??
            .ok()?;
        match message {
            Message::Text(text) => {
                let value: Value = serde_json::from_str(&text).expect("JSON");
                if value["type"] == "ping" || value["type"] == "pong" {
                    continue;
                }
                return Some(value);
            }
            Message::Close(frame) => {
                return Some(json!({
                    "type": "close",
                    "code": frame.as_ref().map(|f| u16::from(f.code)),
                    "reason": frame.map(|f| f.reason.to_string()),
                }));
            }
            _ => continue,
        }
    }
}

async fn subscribe(app: &TestApp, key: &str) -> Socket {
    let (mut socket, ack) = connect(app, Some(key)).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe",
                "payload": { "query": "subscription { dataChanged { version } }" } }),
    )
    .await;
    socket
}

async fn version(app: &TestApp) -> String {
    app.query("{ network { version } }", json!({})).await["network"]["version"]
        .as_str()
        .expect("a version, as a string")
        .to_owned()
}

async fn write(app: &TestApp, admin: &str, person: &str, meeting: &str) {
    let (status, body) = app
        .post_as(
            Some(admin),
            &format!(
                r#"mutation {{ addParticipation(input: {{ person: "{person}", meeting: "{meeting}" }}) {{ role }} }}"#
            ),
            json!({}),
        )
        .await;
    assert!(status == 200 && body.get("errors").is_none(), "{body}");
}

#[tokio::test]
async fn a_change_is_announced_to_the_readers_who_can_see_it_only() {
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    let admin = app.create_key("admin");
    let analyst = subscribe(&app, &app.create_key("analyst")).await;
    let viewer = subscribe(&app, &app.create_key("viewer")).await;
    let (mut analyst, mut viewer) = (analyst, viewer);
    // Let the subscriptions start before the first write.
    tokio::time::sleep(Duration::from_millis(200)).await;

    // m3 is closed: analysts see it, viewers do not.
    write(&app, &admin, "gala", "m3").await;
    let closed_version = version(&app).await;
    let seen = next(&mut analyst, Duration::from_secs(5)).await;
    assert_eq!(
        seen,
        Some(json!({ "id": "1", "type": "next",
                     "payload": { "data": { "dataChanged": { "version": closed_version } } } }))
    );
    assert_eq!(
        next(&mut viewer, Duration::from_millis(800)).await,
        None,
        "a change to a closed meeting is not announced to a viewer"
    );

    // m1 is public: both hear of it, the viewer for the first time.
    write(&app, &admin, "gala", "m1").await;
    let public_version = version(&app).await;
    assert_ne!(public_version, closed_version);
    for socket in [&mut analyst, &mut viewer] {
        let seen = next(socket, Duration::from_secs(5))
            .await
            .expect("announced");
        assert_eq!(
            seen["payload"]["data"]["dataChanged"]["version"],
            public_version
        );
    }
}

#[tokio::test]
async fn the_socket_takes_the_same_keys_and_runs_subscriptions_only() {
    let app = spawn_app().await;
    // A key that is not one: refused at connection_init, with the reason.
    let (_, wrong) = connect(&app, Some("pn_not_a_key")).await;
    assert_eq!(wrong["type"], "close", "{wrong}");
    assert!(
        wrong["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "{wrong}"
    );

    // A query is refused over the socket: it belongs in POST /graphql, where it is
    // audited.
    let key = app.create_key("analyst");
    let (mut socket, ack) = connect(&app, Some(&key)).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    send(
        &mut socket,
        json!({ "id": "q", "type": "subscribe",
                "payload": { "query": "{ network { people } }" } }),
    )
    .await;
    let answer = next(&mut socket, Duration::from_secs(5))
        .await
        .expect("an answer");
    assert_eq!(answer["type"], "next", "{answer}");
    assert_eq!(
        answer["payload"]["errors"][0]["extensions"]["code"], "BAD_REQUEST",
        "{answer}"
    );
    assert!(answer["payload"].get("data").is_none_or(Value::is_null));
}
