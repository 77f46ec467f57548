//! Money: integer minor units, never floats.

use std::fmt;

/// An amount in the currency's minor units (cents for EUR). Never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct MinorUnits(pub i64);

impl MinorUnits {
    pub const fn new(minor: i64) -> Self {
        MinorUnits(minor)
    }
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl From<i64> for MinorUnits {
    fn from(v: i64) -> Self {
        MinorUnits(v)
    }
}

impl From<i32> for MinorUnits {
    fn from(v: i32) -> Self {
        MinorUnits(i64::from(v))
    }
}

impl From<u32> for MinorUnits {
    fn from(v: u32) -> Self {
        MinorUnits(i64::from(v))
    }
}

impl fmt::Display for MinorUnits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl serde::Serialize for MinorUnits {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for MinorUnits {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::wire::deserialize_i64(d).map(MinorUnits)
    }
}
