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
        r#", source: "000_0314d75137e75338.txt line 45" }"#,
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

#[test]
fn import_prints_a_skeleton_that_lowers() {
    let seeds = paybind_codegen::import::find_seeds(Path::new(env!("CARGO_MANIFEST_DIR")))
        .expect("shared/seeds");
    let doc = seeds.join("003_86258bf917671082.txt");
    let o = paybind(&["spec", "import", &doc.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let yaml = String::from_utf8_lossy(&o.stdout);
    assert!(yaml.contains(
        "source: \"003_86258bf917671082.txt § Request Parameters, table 2, row `address1`\""
    ));
    paybind_codegen::check_str("skeleton.yaml", &yaml).unwrap_or_else(|e| panic!("{e}"));
}
