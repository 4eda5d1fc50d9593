//! The heap: one arena per kind of object (strings, tables, functions, upvalues, userdata),
//! reached through the handles in `Value`. Strings are interned, so equal bytes give the same
//! handle. Every allocation is counted in bytes against a limit, so a script that grows
//! without bound gets Lua's `not enough memory` instead of exhausting the host.

use super::function::{Function, Upvalue};
use super::table::{Table, TableError};
use super::value::{string_hash, FunctionRef, StrRef, TableRef, UserdataRef, Value};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// A hasher for keys that are already well-mixed hashes (5.1's string hash): one multiply
/// spreads them over the table, far cheaper than SipHash.
#[derive(Default, Clone)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// Objects of one kind, addressed by index; freed slots are reused.
#[derive(Debug, Clone)]
pub struct Arena<T> {
    slots: Vec<Option<T>>,
    free: Vec<u32>,
    pub marks: Vec<bool>,
}

impl<T> Default for Arena<T> {
    fn default() -> Arena<T> {
        Arena {
            slots: Vec::new(),
            free: Vec::new(),
            marks: Vec::new(),
        }
    }
}

impl<T> Arena<T> {
    pub fn insert(&mut self, value: T) -> u32 {
        match self.free.pop() {
            Some(index) => {
                self.slots[index as usize] = Some(value);
                index
            }
            None => {
                self.slots.push(Some(value));
                self.marks.push(false);
                (self.slots.len() - 1) as u32
            }
        }
    }

    /// The object behind a live handle. Handles come only from `insert` and stay valid until
    /// the collector frees an unreachable object, so a miss is an engine bug.
    pub fn get(&self, index: u32) -> &T {
        match self.slots.get(index as usize) {
            Some(Some(value)) => value,
            _ => unreachable!("dangling heap handle {index}"),
        }
    }

    pub fn get_mut(&mut self, index: u32) -> &mut T {
        match self.slots.get_mut(index as usize) {
            Some(Some(value)) => value,
            _ => unreachable!("dangling heap handle {index}"),
        }
    }

    pub fn remove(&mut self, index: u32) -> Option<T> {
        let value = self.slots.get_mut(index as usize)?.take();
        if value.is_some() {
            self.free.push(index);
        }
        value
    }

    /// Indexes of live objects.
    pub fn live(&self) -> impl Iterator<Item = u32> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, slot)| slot.is_some())
            .map(|(i, _)| i as u32)
    }

    pub fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A full userdata: opaque to Lua, with a metatable and an environment.
#[derive(Debug, Clone)]
pub struct Userdata {
    pub metatable: Option<TableRef>,
    pub env: Option<TableRef>,
}

/// Out of memory: the allocation would pass the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfMemory;

#[derive(Debug, Clone)]
pub struct Heap {
    pub strings: Arena<Rc<[u8]>>,
    /// The string table: 5.1's hash of the bytes to the strings with that hash.
    interned: HashMap<u32, Vec<u32>, BuildHasherDefault<WordHasher>>,
    pub tables: Arena<Table>,
    pub functions: Arena<Function>,
    pub upvalues: Arena<Upvalue>,
    pub userdata: Arena<Userdata>,
    pub threads: Arena<super::state::Thread>,
    /// Bytes in use, counted roughly as 5.1 sizes its objects.
    pub bytes: usize,
    /// Bytes allocated over the heap's life, and the most in use at once.
    pub allocated_total: u64,
    pub peak: usize,
    pub byte_limit: usize,
}

/// A string object's bytes in 5.1 (the `TString` header plus the text and its NUL).
fn string_bytes(len: usize) -> usize {
    25 + len
}

impl Heap {
    pub fn new(byte_limit: usize) -> Heap {
        Heap {
            strings: Arena::default(),
            interned: HashMap::default(),
            tables: Arena::default(),
            functions: Arena::default(),
            upvalues: Arena::default(),
            userdata: Arena::default(),
            threads: Arena::default(),
            bytes: 0,
            allocated_total: 0,
            peak: 0,
            byte_limit,
        }
    }

    /// Counts `n` more bytes, failing past the limit.
    pub fn charge(&mut self, n: usize) -> Result<(), OutOfMemory> {
        let total = self.bytes.saturating_add(n);
        if total > self.byte_limit {
            return Err(OutOfMemory);
        }
        self.bytes = total;
        self.allocated_total += n as u64;
        self.peak = self.peak.max(total);
        Ok(())
    }

    pub fn release(&mut self, n: usize) {
        self.bytes = self.bytes.saturating_sub(n);
    }

    /// The interned string with these bytes, if there is one (a key no table can hold
    /// otherwise).
    pub fn find_string(&self, bytes: &[u8]) -> Option<StrRef> {
        self.find_hashed(bytes, string_hash(bytes))
    }

    fn find_hashed(&self, bytes: &[u8], hash: u32) -> Option<StrRef> {
        let bucket = self.interned.get(&hash)?;
        bucket
            .iter()
            .find(|&&index| &**self.strings.get(index) == bytes)
            .map(|&index| StrRef { index, hash })
    }

    /// The interned string with these bytes, created if new.
    pub fn intern(&mut self, bytes: &[u8]) -> Result<StrRef, OutOfMemory> {
        let hash = string_hash(bytes);
        if let Some(existing) = self.find_hashed(bytes, hash) {
            return Ok(existing);
        }
        self.charge(string_bytes(bytes.len()))?;
        let index = self.strings.insert(Rc::from(bytes));
        self.interned.entry(hash).or_default().push(index);
        Ok(StrRef { index, hash })
    }

    pub fn string_value(&mut self, bytes: &[u8]) -> Result<Value, OutOfMemory> {
        Ok(Value::String(self.intern(bytes)?))
    }

    pub fn bytes_of(&self, s: StrRef) -> &[u8] {
        self.strings.get(s.index)
    }

    /// A shared handle on a string's bytes, for callers that also need the heap mutably.
    pub fn shared_bytes(&self, s: StrRef) -> Rc<[u8]> {
        self.strings.get(s.index).clone()
    }

    pub fn free_string(&mut self, index: u32) {
        if let Some(text) = self.strings.remove(index) {
            self.release(string_bytes(text.len()));
            let hash = string_hash(&text);
            if let Some(bucket) = self.interned.get_mut(&hash) {
                bucket.retain(|&i| i != index);
                if bucket.is_empty() {
                    self.interned.remove(&hash);
                }
            }
        }
    }

    pub fn new_table(&mut self, narray: usize, nhash: usize) -> Result<TableRef, HeapError> {
        let table = Table::new(narray, nhash).map_err(HeapError::Table)?;
        self.charge(table.byte_size())
            .map_err(|_| HeapError::Memory)?;
        Ok(TableRef(self.tables.insert(table)))
    }

    pub fn table(&self, t: TableRef) -> &Table {
        self.tables.get(t.0)
    }

    /// Writes `t[key] = value` raw, charging the growth of the table.
    pub fn table_set(&mut self, t: TableRef, key: Value, value: Value) -> Result<(), HeapError> {
        let table = self.tables.get_mut(t.0);
        let before = table.byte_size();
        table.set(key, value).map_err(HeapError::Table)?;
        let after = table.byte_size();
        if after > before {
            self.charge(after - before).map_err(|_| HeapError::Memory)?;
        } else {
            self.release(before - after);
        }
        Ok(())
    }

    pub fn new_function(&mut self, function: Function) -> Result<FunctionRef, OutOfMemory> {
        self.charge(function.byte_size())?;
        Ok(FunctionRef(self.functions.insert(function)))
    }

    pub fn function(&self, f: FunctionRef) -> &Function {
        self.functions.get(f.0)
    }

    pub fn new_userdata(&mut self, userdata: Userdata) -> Result<UserdataRef, OutOfMemory> {
        self.charge(40)?;
        Ok(UserdataRef(self.userdata.insert(userdata)))
    }
}

/// A heap operation's failure: out of memory, or a table refusing a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeapError {
    Memory,
    Table(TableError),
}

impl From<OutOfMemory> for HeapError {
    fn from(_: OutOfMemory) -> HeapError {
        HeapError::Memory
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_interned_and_counted() {
        let mut heap = Heap::new(1 << 20);
        let a = heap.intern(b"hello").unwrap();
        let b = heap.intern(b"hello").unwrap();
        assert_eq!(a, b);
        assert_eq!(heap.bytes_of(a), b"hello");
        assert_eq!(heap.bytes, 30);
        heap.free_string(a.index);
        assert_eq!(heap.bytes, 0);
        assert_ne!(heap.intern(b"other").unwrap().hash, a.hash);
    }

    #[test]
    fn the_limit_refuses_allocations() {
        let mut heap = Heap::new(100);
        assert!(heap.intern(&[b'x'; 200]).is_err());
        assert!(heap.intern(b"small").is_ok());
    }
}
