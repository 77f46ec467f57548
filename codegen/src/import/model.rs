//! What a document states, as the importer reads it: the [`Imported`] document's [`Table`]s
//! of [`Row`]s and its return codes ([`CodeRow`]), each with the [`Location`] a reader can
//! open to check it, what it could not read ([`Issue`]), and the document forms ([`Format`]).

use std::fmt;
use std::ops::Range;

/// The form of a provider document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// ComNpay (000): `Parameter | Description | Comments |` tables under endpoint URLs.
    ComnpayPipes,
    /// PaynetEasy/ConnPay as extracted text (002, 004): blocks of name, description and
    /// `Necessity:` / `Type:` / `Length:` lines.
    PaynetText,
    /// PaynetEasy in reStructuredText source, `.. list-table::` blocks (003).
    PaynetRst,
    /// S-money (001): resources, each a `PropertyTypeMandatoryDescription` table.
    SmoneyResources,
}

impl Format {
    /// A short description, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Format::ComnpayPipes => "ComNpay pipe tables",
            Format::PaynetText => "PaynetEasy parameter tables (extracted text)",
            Format::PaynetRst => "PaynetEasy list-tables (reStructuredText)",
            Format::SmoneyResources => "S-money resource tables",
        }
    }
}

/// Everything read from one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The document's file name, as given to [`import`](super::import()).
    pub document: String,
    pub format: Format,
    /// A gateway id for a skeleton: the first URL's host name (`comnpay`, `connpay`,
    /// `payneteasy`), or the format's gateway when the document has no URL.
    pub gateway_id: String,
    /// Parameter tables, in document order.
    pub tables: Vec<Table>,
    /// The return-code table, when the document has one (ComNpay).
    pub codes: Vec<CodeRow>,
    /// The heading the return-code table stands under (`Return codes`): the name its rows
    /// are cited by.
    pub codes_heading: Option<String>,
    /// What the importer found but could not read as a parameter fact, and why.
    pub issues: Vec<Issue>,
}

impl Imported {
    /// The tables with this name (an endpoint may have several: variants, or PaynetEasy's
    /// additional request parameters).
    pub fn tables_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Table> + 'a {
        self.tables.iter().filter(move |t| t.name == name)
    }

    /// The first table with this name.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The first row `wire` of the tables named `table`.
    pub fn row(&self, table: &str, wire: &str) -> Option<&Row> {
        self.tables
            .iter()
            .filter(|t| t.name == table)
            .flat_map(|t| t.rows.iter())
            .find(|r| r.wire == wire)
    }

    /// How many rows all tables hold.
    pub fn row_count(&self) -> usize {
        self.tables.iter().map(|t| t.rows.len()).sum()
    }
}

/// What a table describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    /// An endpoint's request parameters.
    Request,
    /// The fields of a sub-form sent inside a parameter (ComNpay's JSON forms).
    Object,
    /// An S-money resource.
    Resource,
    /// The parameters of an answer.
    Response,
    /// A list of fields that is not one request's parameters (ComNpay's data dictionary).
    Dictionary,
    /// The parameter names a request builder fills (PaynetEasy's Postman "Request Builder"),
    /// with its notes: rows with a name and a note, necessity unstated.
    Builder,
}

/// One parameter table: an endpoint's POST parameters (ComNpay, PaynetEasy), a sub-form's
/// fields, one resource (S-money) or an answer's parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// For a request table, the endpoint path as the spec writes it (`payment/tokenDebit`,
    /// `sale`, `preauth`); for a sub-form, the parameter that carries it (`customer`); for an
    /// S-money resource, its name (`CardPayment`); otherwise the table's heading
    /// (`Response Parameters`).
    pub name: String,
    pub kind: TableKind,
    /// When the document describes several request shapes at one URL: `v1`, `v2` when the
    /// heading ends so, else the heading.
    pub variant: Option<String>,
    /// The heading the table stands under, as written.
    pub heading: Option<String>,
    /// The name citations give the table: its `name` when no other table has it, else its
    /// heading, else the name and variant (see [`Table::anchor`]). Set once the whole
    /// document is read.
    pub anchor: String,
    pub location: Location,
    /// Where the table is written, in bytes of the document (header to last row).
    pub span: Range<usize>,
    pub rows: Vec<Row>,
}

/// One parameter, as the document states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub wire: String,
    /// Other names the document gives the same parameter (`alias tds_cres_notification_url`).
    pub aliases: Vec<String>,
    pub location: Location,
    /// Where the row is written, in bytes of the document (its name to its last line).
    pub span: Range<usize>,
    pub description: String,
    pub necessity: Necessity,
    /// The document's type text: `String`, `Numeric`, `Long`, `Int`...
    pub ty: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// Enumerated values, when the document lists them unambiguously (`CB, VISA, MC`;
    /// `D for debit, C for credit` gives `D`, `C`).
    pub values: Vec<String>,
    /// A date or time format: `yyyyMMddHHmmss`, `YYMM`.
    pub format: Option<String>,
    /// The comments column, or other text of the row, verbatim.
    pub note: String,
}

impl Row {
    pub(super) fn new(wire: &str, location: Location) -> Row {
        Row {
            wire: wire.to_string(),
            aliases: Vec::new(),
            location,
            span: 0..0,
            description: String::new(),
            necessity: Necessity::Unstated,
            ty: None,
            min_length: None,
            max_length: None,
            values: Vec::new(),
            format: None,
            note: String::new(),
        }
    }
}

/// Whether a parameter must be sent, as the document says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Necessity {
    Required,
    Optional,
    /// Required under a condition, verbatim: `Mandatory for 3DS V2`, PaynetEasy's
    /// `Conditional`, S-money's `O*: Mandatory if ...`.
    Conditional(String),
    /// S-money's `/`: set by the gateway, read only.
    ReadOnly,
    /// The document lists the parameter without saying.
    Unstated,
}

/// Where something is written in a document.
///
/// It prints as a citation that survives edits elsewhere in the document: the table's name
/// and the row's key (`000_0314d75137e75338.txt § payment/tokenDebit, row `amount``); the
/// line number is kept for messages only, never printed in a citation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub document: String,
    /// 1-based; `None` for a document on one line (003). Derived: never part of a citation.
    pub line: Option<usize>,
    /// The table's citation name ([`Table::anchor`]), or for an issue the heading it
    /// stands under.
    pub section: Option<String>,
    /// The table's 1-based number among the document's tables.
    pub table: Option<usize>,
    /// The row's parameter name.
    pub row: Option<String>,
}

impl Location {
    pub(super) fn at_line(document: &str, line: usize) -> Location {
        Location {
            document: document.to_string(),
            line: Some(line),
            ..Location::default()
        }
    }
}

impl fmt::Display for Location {
    /// `003_86258bf917671082.txt § Request Parameters, row `client_orderid``; a place with
    /// no table (an issue) shows its line, `000_0314d75137e75338.txt line 47`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.document)?;
        let Some(section) = &self.section else {
            return match self.line {
                Some(line) => write!(f, " line {line}"),
                None => Ok(()),
            };
        };
        write!(f, " § {section}")?;
        if let Some(r) = &self.row {
            write!(f, ", row `{r}`")?;
        }
        Ok(())
    }
}

impl Location {
    /// The citation followed by the line, for messages: `… § payment/refund, row `amount``
    /// (line 143).
    pub fn with_line(&self) -> String {
        match self.line {
            Some(n) if self.section.is_some() => format!("{self} (line {n})"),
            _ => self.to_string(),
        }
    }
}

/// One row of a return-code table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRow {
    pub code: String,
    pub description: String,
    pub location: Location,
    /// Where the row is written, in bytes of the document.
    pub span: Range<usize>,
}

/// Something in the document the importer could not read as stated, and what it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub location: Location,
    /// The text concerned, verbatim (shortened when long).
    pub text: String,
    pub reason: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (at, reason, text) = (self.location.with_line(), &self.reason, &self.text);
        write!(f, "{at}: {reason} (`{text}`)")
    }
}

/// A document the importer could not read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub document: String,
    pub format: Format,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (d, m) = (&self.document, &self.message);
        write!(f, "{d}: {m} (read as {})", self.format.describe())
    }
}

impl std::error::Error for ImportError {}
