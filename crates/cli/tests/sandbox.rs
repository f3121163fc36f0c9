//! `reglament sandbox --port 0` as a user runs it: it prints its address and answers the
//! individuals registry and the admin endpoint there.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail the test by panicking")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn the_sandbox_serves_on_the_address_it_prints() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reglament"))
        .args(["sandbox", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr = first.split("http://").nth(1).expect("address").trim_end_matches('/').to_owned();
    let person =
        lines.find_map(|l| l.unwrap().split("person ").nth(1).map(|s| s[..12].to_owned())).expect("a seeded person");
    let answer = get(&addr, &format!("/individuals/v1/persons/{person}"));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(&format!("\"iin\":\"{person}\"")), "{answer}");
    let stats = get(&addr, "/admin/stats");
    assert!(stats.contains("\"individuals\":1"), "{stats}");
    child.kill().unwrap();
    child.wait().unwrap();
}
