//! The content fingerprint of a scenario: SHA-256 over a canonical byte form that this project
//! defines (below), so it does not change when a dependency's printer changes.
//!
//! A saved call, a progress record or a signed result carries the fingerprint of the scenario it
//! was played on; a different fingerprint means the scenario's content changed since.
//!
//! ## The canonical form (version 1)
//! The scenario is parsed, then its value (not its text: comments, spacing, field order in the
//! file and written-out defaults make no difference) is walked in the order the model declares its
//! fields, and every value is written as a tag byte and a payload:
//!
//! | value | bytes |
//! |---|---|
//! | boolean | `b`, then `0` or `1` |
//! | signed integer | `i`, then the value as 8 bytes little-endian two's complement |
//! | unsigned integer | `u`, then the value as 8 bytes little-endian |
//! | text | `s`, then the UTF-8 byte length (8 bytes LE), then the bytes |
//! | absent / present optional | `n` / `y` followed by the value |
//! | unit | `0` |
//! | list | `l`, then the item count (8 bytes LE), then each item |
//! | map | `m`, then the entry count, then key and value of each entry, in key order |
//! | record | `r`, the type name as text, the field count, then each field's name as text and value |
//! | enum variant | `e`, the type name and the variant name as text, then its fields as a record's are |
//!
//! The byte stream starts with `frontline-fingerprint-v1\n`. The fingerprint is the SHA-256 of the
//! whole stream, written as 64 lower-case hex digits.

use serde::ser::{self, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// The first bytes of the canonical form; a new version of the form changes this line.
pub const CANONICAL_FORM_HEADER: &[u8] = b"frontline-fingerprint-v1\n";

/// A SHA-256 content fingerprint, shown and stored as 64 hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// The fingerprint of any serializable model value (a scenario, a catalog, an exam set).
    pub fn of<T: Serialize + ?Sized>(value: &T) -> Fingerprint {
        let mut writer = CanonicalWriter { hash: Sha256::new() };
        writer.hash.update(CANONICAL_FORM_HEADER);
        // The model contains only strings, integers, booleans, options, lists, maps, records and
        // enums, which the writer all accepts; floats and raw bytes are refused, never silently dropped.
        if value.serialize(&mut writer).is_err() {
            writer.hash.update(b"!unsupported");
        }
        Fingerprint(writer.hash.finalize().into())
    }

    /// The 64 hex digits.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Parses 64 hex digits.
    pub fn from_hex(text: &str) -> Option<Fingerprint> {
        if text.len() != 64 || !text.is_ascii() {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).ok()?;
        }
        Some(Fingerprint(out))
    }

    /// The first 12 hex digits, for people.
    pub fn short(&self) -> String {
        self.to_hex()[..12].to_string()
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> serde::Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Fingerprint::from_hex(&text).ok_or_else(|| serde::de::Error::custom("a fingerprint is 64 hex digits"))
    }
}

/// Why a value has no canonical form.
#[derive(Debug)]
pub struct Unsupported(String);

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no canonical form for {}", self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Unsupported(msg.to_string())
    }
}

struct CanonicalWriter {
    hash: Sha256,
}

impl CanonicalWriter {
    fn tag(&mut self, tag: u8) {
        self.hash.update([tag]);
    }
    fn len(&mut self, n: usize) {
        self.hash.update((n as u64).to_le_bytes());
    }
    fn text(&mut self, s: &str) {
        self.tag(b's');
        self.len(s.len());
        self.hash.update(s.as_bytes());
    }
    fn record(&mut self, name: &str, fields: usize) {
        self.tag(b'r');
        self.text(name);
        self.len(fields);
    }
    fn variant(&mut self, name: &str, variant: &str, fields: usize) {
        self.tag(b'e');
        self.text(name);
        self.text(variant);
        self.len(fields);
    }
}

type Res = Result<(), Unsupported>;

impl ser::Serializer for &mut CanonicalWriter {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Res {
        self.tag(b'b');
        self.hash.update([u8::from(v)]);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Res {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Res {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Res {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Res {
        self.tag(b'i');
        self.hash.update(v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Res {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Res {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Res {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Res {
        self.tag(b'u');
        self.hash.update(v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Res {
        Err(Unsupported("floating-point numbers".into()))
    }
    fn serialize_f64(self, _: f64) -> Res {
        Err(Unsupported("floating-point numbers".into()))
    }
    fn serialize_char(self, v: char) -> Res {
        self.text(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Res {
        self.text(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Res {
        Err(Unsupported("raw bytes".into()))
    }
    fn serialize_none(self) -> Res {
        self.tag(b'n');
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Res {
        self.tag(b'y');
        value.serialize(self)
    }
    fn serialize_unit(self) -> Res {
        self.tag(b'0');
        Ok(())
    }
    fn serialize_unit_struct(self, name: &'static str) -> Res {
        self.record(name, 0);
        Ok(())
    }
    fn serialize_unit_variant(self, name: &'static str, _: u32, variant: &'static str) -> Res {
        self.variant(name, variant, 0);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, name: &'static str, value: &T) -> Res {
        self.record(name, 1);
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Res {
        self.variant(name, variant, 1);
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Unsupported> {
        let len = len.ok_or_else(|| Unsupported("a list of unknown length".into()))?;
        self.tag(b'l');
        self.len(len);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Unsupported> {
        self.tag(b'l');
        self.len(len);
        Ok(self)
    }
    fn serialize_tuple_struct(self, name: &'static str, len: usize) -> Result<Self, Unsupported> {
        self.record(name, len);
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Unsupported> {
        self.variant(name, variant, len);
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, Unsupported> {
        // The model's maps are BTreeMaps, so entries come in key order.
        let len = len.ok_or_else(|| Unsupported("a map of unknown length".into()))?;
        self.tag(b'm');
        self.len(len);
        Ok(self)
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Self, Unsupported> {
        self.record(name, len);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Unsupported> {
        self.serialize_tuple_variant(name, index, variant, len)
    }
}

/// The parts of lists, tuples and tuple records: each element written in turn.
macro_rules! element_writer {
    ($($trait_:ident :: $method:ident),*) => {$(
        impl ser::$trait_ for &mut CanonicalWriter {
            type Ok = ();
            type Error = Unsupported;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Res {
                value.serialize(&mut **self)
            }
            fn end(self) -> Res {
                Ok(())
            }
        }
    )*};
}

element_writer!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut CanonicalWriter {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Res {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Res {
        value.serialize(&mut **self)
    }
    fn end(self) -> Res {
        Ok(())
    }
}

/// The fields of records and record variants: each field's name, then its value.
macro_rules! field_writer {
    ($($trait_:ident),*) => {$(
        impl ser::$trait_ for &mut CanonicalWriter {
            type Ok = ();
            type Error = Unsupported;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Res {
                self.text(key);
                value.serialize(&mut **self)
            }
            fn end(self) -> Res {
                Ok(())
            }
        }
    )*};
}

field_writer!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    struct Pair {
        name: String,
        n: i32,
    }

    #[test]
    fn the_canonical_form_is_pinned() {
        // Hand-computed: header, then r "Pair" 2, s "name" s "ab", s "n" i 7.
        let mut expected = CANONICAL_FORM_HEADER.to_vec();
        let text = |out: &mut Vec<u8>, s: &str| {
            out.push(b's');
            out.extend((s.len() as u64).to_le_bytes());
            out.extend(s.as_bytes());
        };
        expected.push(b'r');
        text(&mut expected, "Pair");
        expected.extend(2u64.to_le_bytes());
        text(&mut expected, "name");
        text(&mut expected, "ab");
        text(&mut expected, "n");
        expected.push(b'i');
        expected.extend(7i64.to_le_bytes());
        let want = Fingerprint(Sha256::digest(&expected).into());
        assert_eq!(Fingerprint::of(&Pair { name: "ab".into(), n: 7 }), want);
    }

    #[test]
    fn lengths_keep_neighbouring_texts_apart() {
        let a: Vec<String> = vec!["ab".into(), "c".into()];
        let b: Vec<String> = vec!["a".into(), "bc".into()];
        assert_ne!(Fingerprint::of(&a), Fingerprint::of(&b));
        let mut m = BTreeMap::new();
        m.insert("k".to_string(), 1u32);
        assert_ne!(Fingerprint::of(&m), Fingerprint::of(&vec![("k".to_string(), 1u32)]));
    }

    #[test]
    fn hex_round_trip() {
        let f = Fingerprint::of("x");
        assert_eq!(Fingerprint::from_hex(&f.to_hex()), Some(f));
        assert_eq!(f.to_hex().len(), 64);
        assert_eq!(Fingerprint::from_hex("zz"), None);
    }
}
