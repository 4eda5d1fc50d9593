//! `Value`: a Lua 5.1 value in 16 bytes, `Copy`. Heap objects are handles into the heap's
//! arenas; a string's handle carries 5.1's hash of its bytes, so tables can place string keys
//! without looking the string up.

/// An interned string: its arena index and 5.1's hash of its bytes. Equal strings have equal
/// handles, so comparing handles compares strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StrRef {
    pub index: u32,
    pub hash: u32,
}

macro_rules! handle {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
    };
}

handle!(
    /// A table in the heap.
    TableRef
);
handle!(
    /// A function (Lua closure or native function) in the heap.
    FunctionRef
);
handle!(
    /// A full userdata in the heap.
    UserdataRef
);
handle!(
    /// A coroutine in the heap.
    ThreadRef
);

#[derive(Debug, Clone, Copy, Default)]
pub enum Value {
    #[default]
    Nil,
    Boolean(bool),
    Number(f64),
    String(StrRef),
    Table(TableRef),
    Function(FunctionRef),
    Userdata(UserdataRef),
    Thread(ThreadRef),
}

impl Value {
    /// `type()`'s name for the value.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Boolean(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Table(_) => "table",
            Value::Function(_) => "function",
            Value::Userdata(_) => "userdata",
            Value::Thread(_) => "thread",
        }
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Lua truth: everything but nil and false.
    pub fn is_truthy(&self) -> bool {
        !matches!(self, Value::Nil | Value::Boolean(false))
    }

    /// `luaO_rawequalObj`: equality without metamethods (numbers by value, objects by
    /// identity; interned strings by handle).
    pub fn raw_equals(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Boolean(a), Value::Boolean(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => a.index == b.index,
            (Value::Table(a), Value::Table(b)) => a == b,
            (Value::Function(a), Value::Function(b)) => a == b,
            (Value::Userdata(a), Value::Userdata(b)) => a == b,
            (Value::Thread(a), Value::Thread(b)) => a == b,
            _ => false,
        }
    }
}

/// `luaS_hash` of 5.1: seeded with the length, mixing at most 32 of the bytes (every
/// `step`-th from the end) so long strings hash quickly.
pub fn string_hash(bytes: &[u8]) -> u32 {
    let len = bytes.len();
    let mut h = len as u32;
    let step = (len >> 5) + 1;
    let mut l1 = len;
    while l1 >= step {
        h ^= (h << 5)
            .wrapping_add(h >> 2)
            .wrapping_add(u32::from(bytes[l1 - 1]));
        l1 -= step;
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_two_words() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }

    #[test]
    fn hash_follows_51() {
        // By hand from luaS_newlstr: "" -> 0; "a" -> 1 ^ ((1<<5) + (1>>2) + 97) = 1 ^ 129.
        assert_eq!(string_hash(b""), 0);
        assert_eq!(string_hash(b"a"), 1 ^ 129);
        let long = vec![b'x'; 100];
        // 100 bytes, step 4: 25 bytes mixed; just check it is stable and differs by length.
        assert_ne!(string_hash(&long), string_hash(&long[..99]));
    }
}
