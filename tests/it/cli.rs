//! The `paybind` command as a maintainer runs it: `spec check` and `spec diff`, with their
//! exit statuses.
#![cfg(feature = "cli")]

use std::path::Path;
use std::process::{Command, Output};

fn paybind(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paybind"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run paybind")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A copy of a spec with one text replaced, in the target directory.
fn edited(spec: &str, from: &str, to: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let original = std::fs::read_to_string(root.join(spec)).expect("read spec");
    assert!(original.contains(from), "{spec} has no `{from}`");
    let dir = root.join("target").join("cli-test");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let name = format!(
        "{}-{}.yaml",
        spec.replace('/', "-"),
        original.len() + to.len()
    );
    let path = dir.join(name);
    std::fs::write(&path, original.replacen(from, to, 1)).expect("write");
    path.display().to_string()
}

#[test]
fn diff_exits_0_when_nothing_breaks_and_1_when_something_does() {
    let from = r#"connpay: { max_length: 50, doc: "002"#;
    let relaxed = edited(
        "spec/payneteasy.yaml",
        from,
        r#"connpay: { max_length: 256, doc: "002"#,
    );
    let up = paybind(&["spec", "diff", "spec/payneteasy.yaml", &relaxed]);
    assert_eq!(up.status.code(), Some(0), "{}", text(&up));
    assert!(
        text(&up).contains("max_length 50 → 256 (relaxed"),
        "{}",
        text(&up)
    );
    let down = paybind(&[
        "spec",
        "diff",
        &relaxed,
        "spec/payneteasy.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(down.status.code(), Some(1), "{}", text(&down));
    let json: serde_json::Value = serde_json::from_slice(&down.stdout).expect("json");
    assert_eq!(json["breaking"], true);
    let same = paybind(&["spec", "diff", "spec/smoney.yaml", "spec/smoney.yaml"]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same));
}

/// A one-endpoint spec whose `memo` is at most `memo_max` characters, in the target directory.
fn small_spec(memo_max: u32) -> String {
    let yaml = format!(
        r#"paybind: 1
gateway:
  id: tiny
  title: Tiny (test gateway)
  source: tiny.txt
  doc: A gateway of one endpoint, for the changelog test.
  request_encoding: json
  response_encoding: json
  environments:
    sandbox: {{ url: "https://sandbox.tiny.example/api", doc: Test platform. }}
  credentials:
    token: {{ type: string, sensitive: secret, in: bearer, doc: The API token. }}
  refusal:
    doc: An error answer carries an error code.
    when: {{ field: error, present: true }}
    code: error
    message: detail
  return_codes:
    - {{ code: "4001", name: InsufficientFunds, category: soft_decline, doc: Too little money }}
types:
  Transfer:
    kind: object
    doc: A transfer.
    fields:
      id: {{ type: string, doc: The transfer id }}
endpoints:
  transfers:
    name: CreateTransfer
    doc: Moves money.
    response: Transfer
    params:
      amount: {{ type: amount, min: 1, required: true, doc: Amount in cents. }}
      memo: {{ type: string, max_length: {memo_max}, doc: A memo. }}
"#
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("cli-test");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let path = dir.join(format!("tiny-memo-{memo_max}.yaml"));
    std::fs::write(&path, yaml).expect("write");
    path.display().to_string()
}

#[test]
fn diff_changelog_exits_0_and_lists_the_breaking_change() {
    let (old, new) = (small_spec(140), small_spec(40));
    let log = paybind(&["spec", "diff", &old, &new, "--changelog", "0.1.0"]);
    assert_eq!(log.status.code(), Some(0), "{}", text(&log));
    let out = String::from_utf8_lossy(&log.stdout);
    let breaking = out
        .split("### ")
        .find(|s| s.starts_with("Breaking"))
        .unwrap_or_else(|| panic!("no Breaking section:\n{out}"));
    assert!(
        breaking.contains("`CreateTransfer.memo`: max_length tightened from 140 to 40"),
        "{out}"
    );
    assert!(out.starts_with("## 0.2.0"), "{out}");
    assert!(out.contains("Recommended version bump: **minor**"), "{out}");
    let plain = paybind(&["spec", "diff", &old, &new]);
    assert_eq!(plain.status.code(), Some(1), "{}", text(&plain));
    assert!(text(&plain).contains("140 → 40"), "{}", text(&plain));
}

#[test]
fn diff_exits_2_on_a_spec_it_cannot_read() {
    let broken = edited("spec/smoney.yaml", "paybind: 1", "paybind: 1\nbogus: true");
    let o = paybind(&["spec", "diff", "spec/smoney.yaml", &broken]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("unknown key `bogus`"), "{}", text(&o));
}

#[test]
fn help_and_version_come_from_clap() {
    let help = paybind(&["--help"]);
    assert!(help.status.success());
    for word in ["sim", "spec"] {
        assert!(text(&help).contains(word), "{}", text(&help));
    }
    let version = paybind(&["--version"]);
    assert!(text(&version).contains(env!("CARGO_PKG_VERSION")));
    let unknown = paybind(&["spec", "frobnicate"]);
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
}

#[test]
fn check_passes_on_the_specs_and_refuses_an_item_without_provenance() {
    let ok = paybind(&[
        "spec",
        "check",
        "spec/comnpay.yaml",
        "spec/payneteasy.yaml",
        "spec/smoney.yaml",
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    let bare = edited(
        "spec/comnpay.yaml",
        r#", source: "000_0314d75137e75338.txt § payment/tokenDebit, row `tokenRef`" }"#,
        " }",
    );
    let refused = paybind(&["spec", "check", &bare]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(
        text(&refused).contains("`tokenRef` says neither where it comes from"),
        "{}",
        text(&refused)
    );
}

/// `--lint` runs what `gateway!` runs: a user's spec without provenance (the invented
/// gateway of tests/sim/kestrel.yaml) passes it and fails the full check; a spec error fails
/// both.
#[test]
fn check_lint_is_what_gateway_macro_checks() {
    let spec = "tests/sim/kestrel.yaml";
    let full = paybind(&["spec", "check", spec]);
    assert_eq!(full.status.code(), Some(1), "{}", text(&full));
    assert!(
        text(&full).contains("says neither where it comes from"),
        "{}",
        text(&full)
    );
    let lint = paybind(&["spec", "check", "--lint", spec]);
    assert_eq!(lint.status.code(), Some(0), "{}", text(&lint));
    assert!(text(&lint).contains("ok (3 endpoints)"), "{}", text(&lint));
    let broken = edited(spec, "max_length: 64", "max_lenght: 64");
    let refused = paybind(&["spec", "check", "--lint", &broken]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(
        text(&refused).contains("unknown key `max_lenght`"),
        "{}",
        text(&refused)
    );
}

#[test]
fn import_prints_a_skeleton_that_lowers() {
    let seeds = paybind_codegen::import::find_seeds(Path::new(env!("CARGO_MANIFEST_DIR")))
        .expect("shared/seeds");
    let doc = seeds.join("003_86258bf917671082.txt");
    let o = paybind(&["spec", "import", &doc.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let yaml = String::from_utf8_lossy(&o.stdout);
    assert!(
        yaml.contains("source: \"003_86258bf917671082.txt § Request Parameters, row `address1`\"")
    );
    paybind_codegen::check_str("skeleton.yaml", &yaml).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn help_is_clap_help_and_sim_help_documents_every_config_key() {
    let help = paybind(&["--help"]);
    assert_eq!(help.status.code(), Some(0), "{}", text(&help));
    assert!(
        text(&help).starts_with("Validated, typed"),
        "{}",
        text(&help)
    );
    assert!(
        text(&help).contains("Usage: paybind <COMMAND>"),
        "{}",
        text(&help)
    );
    let sim = paybind(&["sim", "--help"]);
    assert_eq!(sim.status.code(), Some(0), "{}", text(&sim));
    assert!(
        text(&sim).contains("Usage: paybind sim [OPTIONS]"),
        "{}",
        text(&sim)
    );
    for key in [
        "comnpay_serial_number",
        "comnpay_key",
        "payneteasy_login",
        "payneteasy_merchant_control",
        "payneteasy_endpoints",
        "payneteasy_groups",
        "smoney_token",
        "smoney_partner",
        "smoney_callback_secret",
        "fault_delay_ms",
    ] {
        assert!(
            text(&sim).contains(key),
            "{key} undocumented:\n{}",
            text(&sim)
        );
    }
    let version = paybind(&["sim", "--version"]);
    assert!(
        text(&version).contains(env!("CARGO_PKG_VERSION")),
        "{}",
        text(&version)
    );
}

/// A config file in the target directory.
fn config_file(name: &str, body: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("cli-test");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let path = dir.join(name);
    std::fs::write(&path, body).expect("write");
    path
}

#[test]
fn a_bad_config_key_is_refused_with_its_name_and_the_file() {
    let path = config_file("typo.toml", "comnpay_key = \"K\"\ncomnpay_kye = \"x\"\n");
    let o = paybind(&[
        "sim",
        "--port",
        "0",
        "--config",
        &path.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("comnpay_kye"), "{err}");
    assert!(err.contains(&path.display().to_string()), "{err}");
    let wrong_type = config_file("type.toml", "payneteasy_groups = \"1234\"\n");
    let o = paybind(&[
        "sim",
        "--port",
        "0",
        "--config",
        &wrong_type.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("payneteasy_groups"), "{}", text(&o));
    let missing = paybind(&["sim", "--config", "target/cli-test/none.toml"]);
    assert_eq!(missing.status.code(), Some(2), "{}", text(&missing));
    assert!(text(&missing).contains("none.toml"), "{}", text(&missing));
}

#[test]
fn sim_prints_every_base_url_and_credential_and_logs_each_request() {
    use std::io::{BufRead, BufReader, Read, Write};
    let path = config_file(
        "good.toml",
        "comnpay_key = \"CFG-KEY-1\"\nsmoney_partner = \"cfgpartner\"\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_paybind"))
        .args([
            "sim",
            "--port",
            "0",
            "--config",
            &path.display().to_string(),
        ])
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn paybind sim");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut banner = String::new();
    while !banner.contains("callback secret") {
        if stdout.read_line(&mut banner).expect("read banner") == 0 {
            break;
        }
    }
    let addr = banner
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_default()
        .to_string();
    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    let request = "POST /comnpay/rest/payment/find HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    let _ = child.kill();
    let _ = child.wait();
    let mut log = String::new();
    let _ = child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut log);
    for expected in [
        format!("http://{addr}/comnpay/rest"),
        format!("http://{addr}/payneteasy/paynet/api/v2"),
        format!("http://{addr}/connpay/paynet/api/v2"),
        format!("http://{addr}/smoney"),
        "key CFG-KEY-1".to_string(),
        "serialNumber VAD-111-111".to_string(),
        "partner cfgpartner".to_string(),
        "merchant control SIM-CONTROL-B17F59B4".to_string(),
        "token sim-token-3f9a".to_string(),
    ] {
        assert!(banner.contains(&expected), "{expected} missing:\n{banner}");
    }
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(log.contains("served"), "{log}");
    assert!(log.contains("/comnpay/rest/payment/find"), "{log}");
}
