use paybind_codegen::import::*;
fn main() {
    for f in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&f).unwrap();
        let name = std::path::Path::new(&f)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let fmt = detect(&text).unwrap();
        let imp = import(&name, &text, fmt).unwrap();
        for t in &imp.tables {
            println!(
                "T\t{}\t{:?}\t{:?}\t{}",
                t.name, t.kind, t.variant, t.location
            );
            for r in &t.rows {
                println!(
                    "R\t{}\t{}\t{}\t{:?}\t{:?}\t{:?}\t{:?}\t{:?}\t{:?}\t{}",
                    t.name,
                    t.variant.clone().unwrap_or_default(),
                    r.wire,
                    r.necessity,
                    r.min_length,
                    r.max_length,
                    r.values,
                    r.format,
                    r.ty,
                    r.location
                );
            }
        }
        for c in &imp.codes {
            println!("C\t{}\t{}\t{}", c.code, c.description, c.location);
        }
        for i in &imp.issues {
            println!("I\t{}", i);
        }
    }
}
