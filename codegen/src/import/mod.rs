//! Reading provider documents: the facts their parameter tables state.
//!
//! A provider document (`shared/seeds/`, see its `INDEX.md`) is turned into [`Table`]s of
//! [`Row`]s, each row with the [`Location`] a reader can open to check it. The importer
//! records what the document says and nothing more: a row whose necessity the document does
//! not state is [`Necessity::Unstated`], and what it cannot read is an [`Issue`], never a
//! guess. Two uses:
//!
//! - a maintainer who receives a new document version gets a spec skeleton
//!   ([`to_spec_yaml`]) to start from;
//! - a fidelity test compares what a document states with what `spec/` says.
//!
//! Four document forms are read ([`Format`]): ComNpay's pipe tables, PaynetEasy's parameter
//! tables as extracted text and in reStructuredText source (one long line), and S-money's
//! resource tables. [`detect`] sniffs which one a text is. Nothing here panics, whatever the
//! input.

mod anchors;
mod comnpay;
mod document;
mod facts;
mod model;
mod paynet_rst;
mod paynet_text;
mod seeds;
mod skeleton;
mod smoney;
mod text;

pub use document::{detect, import};
pub use model::{
    CodeRow, Format, ImportError, Imported, Issue, Location, Necessity, Row, Table, TableKind,
};
pub use seeds::find_seeds;
pub use skeleton::to_spec_yaml;
/// [`to_spec_yaml`] keeping the names of the spec in use (`paybind spec import --names`).
pub use skeleton::to_spec_yaml_named;
pub(crate) use skeleton::variant_name as value_name;
