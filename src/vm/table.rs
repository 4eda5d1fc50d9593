//! Lua tables laid out exactly as ltable.c lays them out, so that `next`/`pairs` order and `#`
//! on tables with holes are lua5.1's: an array part for keys `1..n`, and a hash part of `2^k`
//! nodes where each key has a main position (from its hash), collisions are chained, a
//! colliding key that is not in its own main position is moved out (Brent's variation), free
//! nodes are taken from the top down, and a full hash part triggers a rehash that recounts the
//! integer keys to choose the new array size.

use super::value::{StrRef, Value};

/// The array part never grows past `2^MAX_BITS` slots.
const MAX_BITS: u32 = 26;
const MAX_ARRAY_SIZE: i64 = 1 << MAX_BITS;

/// Why a table operation failed (5.1 raises these as runtime errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableError {
    IndexIsNil,
    IndexIsNan,
    InvalidNextKey,
    Overflow,
    /// Redis marks its script environment's tables read-only.
    ReadOnly,
}

impl TableError {
    pub fn message(self) -> &'static str {
        match self {
            TableError::IndexIsNil => "table index is nil",
            TableError::IndexIsNan => "table index is NaN",
            TableError::InvalidNextKey => "invalid key to 'next'",
            TableError::Overflow => "table overflow",
            TableError::ReadOnly => "Attempt to modify a readonly table",
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Node {
    key: Value,
    value: Value,
    next: Option<u32>,
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    array: Vec<Value>,
    /// The hash part; empty stands for 5.1's shared one-node dummy.
    nodes: Vec<Node>,
    /// Free nodes are searched for below this index.
    last_free: usize,
    pub metatable: Option<super::value::TableRef>,
    /// Writes (and `setmetatable`) fail, as on the tables of Redis's patched Lua.
    pub readonly: bool,
}

/// `lua_number2int` on this platform, followed by the integer check: the key's integer value
/// when it has one that fits a C int.
fn as_int(n: f64) -> Option<i32> {
    let k = n as i32;
    (f64::from(k) == n).then_some(k)
}

/// `ceillog2`: the smallest `b` with `2^b >= x` (x >= 1).
fn ceil_log2(x: u64) -> u32 {
    64 - (x.saturating_sub(1)).leading_zeros()
}

impl Table {
    /// `luaH_new`: a table with room for `narray` array items and `nhash` hashed ones.
    pub fn new(narray: usize, nhash: usize) -> Result<Table, TableError> {
        let mut table = Table::default();
        table.array.resize(narray, Value::Nil);
        table.set_node_vector(nhash)?;
        Ok(table)
    }

    pub fn array_size(&self) -> usize {
        self.array.len()
    }

    /// The number of hash nodes (the dummy counts as one, as `sizenode` does).
    fn node_count(&self) -> usize {
        self.nodes.len().max(1)
    }

    /// Heap bytes the table's parts occupy, as 5.1 allocates them.
    pub fn byte_size(&self) -> usize {
        56 + 16 * self.array.len() + 40 * self.nodes.len()
    }

    fn set_node_vector(&mut self, size: usize) -> Result<(), TableError> {
        if size == 0 {
            self.nodes = Vec::new();
            self.last_free = 0;
            return Ok(());
        }
        let lsize = ceil_log2(size as u64);
        if lsize > MAX_BITS {
            return Err(TableError::Overflow);
        }
        self.nodes = vec![Node::default(); 1 << lsize];
        self.last_free = self.nodes.len();
        Ok(())
    }

    /// `hashmod`: numbers and objects avoid a power-of-two modulus.
    fn hash_mod(&self, n: u32) -> usize {
        let size = self.node_count() as u32;
        (n % ((size - 1) | 1)) as usize
    }

    /// The node a key hashes to (`mainposition`).
    fn main_position(&self, key: &Value) -> usize {
        let mask = self.node_count() - 1;
        match key {
            Value::Number(n) => {
                if *n == 0.0 {
                    return 0;
                }
                let bits = n.to_bits();
                self.hash_mod((bits as u32).wrapping_add((bits >> 32) as u32))
            }
            Value::String(s) => s.hash as usize & mask,
            Value::Boolean(b) => usize::from(*b) & mask,
            Value::Table(r) => self.hash_mod(r.0.wrapping_mul(2654435761)),
            Value::Function(r) => self.hash_mod(r.0.wrapping_mul(2246822519)),
            Value::Userdata(r) => self.hash_mod(r.0.wrapping_mul(3266489917)),
            Value::Thread(r) => self.hash_mod(r.0.wrapping_mul(668265263)),
            Value::Nil => 0,
        }
    }

    /// Where `key` lives in the hash part, if it does.
    fn find_node(&self, key: &Value) -> Option<usize> {
        if self.nodes.is_empty() {
            return None;
        }
        let mut n = Some(self.main_position(key));
        while let Some(i) = n {
            let node = &self.nodes[i];
            if node.key.raw_equals(key) {
                return Some(i);
            }
            n = node.next.map(|next| next as usize);
        }
        None
    }

    /// `luaH_getnum`.
    pub fn get_int(&self, key: i64) -> Value {
        if key >= 1 && (key as u64) <= self.array.len() as u64 {
            return self.array[key as usize - 1];
        }
        self.find_node(&Value::Number(key as f64))
            .map_or(Value::Nil, |i| self.nodes[i].value)
    }

    /// `luaH_getstr`: strings are interned, so the chain is searched by handle alone.
    pub fn get_str(&self, key: StrRef) -> Value {
        if self.nodes.is_empty() {
            return Value::Nil;
        }
        let mut n = Some(key.hash as usize & (self.nodes.len() - 1));
        while let Some(i) = n {
            let node = &self.nodes[i];
            if let Value::String(k) = node.key {
                if k.index == key.index {
                    return node.value;
                }
            }
            n = node.next.map(|next| next as usize);
        }
        Value::Nil
    }

    /// `luaH_get`: a raw read.
    pub fn get(&self, key: &Value) -> Value {
        match key {
            Value::Nil => Value::Nil,
            Value::String(s) => self.get_str(*s),
            Value::Number(n) => match as_int(*n) {
                Some(k) => self.get_int(i64::from(k)),
                None => self
                    .find_node(key)
                    .map_or(Value::Nil, |i| self.nodes[i].value),
            },
            _ => self
                .find_node(key)
                .map_or(Value::Nil, |i| self.nodes[i].value),
        }
    }

    /// The slot holding `key`'s value, if the key is present (array slots always are).
    fn slot(&self, key: &Value) -> Option<Slot> {
        if let Value::Number(n) = key {
            if let Some(k) = as_int(*n) {
                if k >= 1 && k as usize <= self.array.len() {
                    return Some(Slot::Array(k as usize - 1));
                }
            }
        }
        self.find_node(key).map(Slot::Node)
    }

    fn write(&mut self, slot: Slot, value: Value) {
        match slot {
            Slot::Array(i) => self.array[i] = value,
            Slot::Node(i) => self.nodes[i].value = value,
        }
    }

    /// `luaH_set` followed by the store: a raw write. As in 5.1, writing nil to a missing key
    /// still claims a node for it (which can trigger a rehash).
    pub fn set(&mut self, key: Value, value: Value) -> Result<(), TableError> {
        if self.readonly {
            return Err(TableError::ReadOnly);
        }
        if let Some(slot) = self.slot(&key) {
            self.write(slot, value);
            return Ok(());
        }
        match key {
            Value::Nil => return Err(TableError::IndexIsNil),
            Value::Number(n) if n.is_nan() => return Err(TableError::IndexIsNan),
            _ => {}
        }
        let slot = self.new_key(key)?;
        self.write(slot, value);
        Ok(())
    }

    /// Overwrites the value of `key` if the key is present with a non-nil value (so neither
    /// `__newindex` nor growth can be involved); false otherwise.
    pub fn replace(&mut self, key: &Value, value: Value) -> bool {
        if self.readonly {
            return false;
        }
        let slot = match key {
            Value::String(s) => {
                if self.nodes.is_empty() {
                    return false;
                }
                let mut n = Some(s.hash as usize & (self.nodes.len() - 1));
                let mut found = None;
                while let Some(i) = n {
                    let node = &self.nodes[i];
                    if let Value::String(k) = node.key {
                        if k.index == s.index {
                            found = Some(i);
                            break;
                        }
                    }
                    n = node.next.map(|next| next as usize);
                }
                match found {
                    Some(i) => Slot::Node(i),
                    None => return false,
                }
            }
            _ => match self.slot(key) {
                Some(slot) => slot,
                None => return false,
            },
        };
        let current = match slot {
            Slot::Array(i) => &mut self.array[i],
            Slot::Node(i) => &mut self.nodes[i].value,
        };
        if current.is_nil() {
            return false;
        }
        *current = value;
        true
    }

    /// `luaH_setnum` + store, for integer keys (SETLIST, `table.insert`).
    pub fn set_int(&mut self, key: i64, value: Value) -> Result<(), TableError> {
        self.set(Value::Number(key as f64), value)
    }

    /// `getfreepos`: the highest free node below the last one handed out.
    fn free_position(&mut self) -> Option<usize> {
        while self.last_free > 0 {
            self.last_free -= 1;
            if self.nodes[self.last_free].key.is_nil() {
                return Some(self.last_free);
            }
        }
        None
    }

    /// `newkey`: inserts a key that is not present, and returns its slot.
    fn new_key(&mut self, key: Value) -> Result<Slot, TableError> {
        let mut mp = self.main_position(&key);
        if self.nodes.is_empty() || !self.nodes[mp].value.is_nil() {
            let Some(free) = self.free_position() else {
                self.rehash(&key)?;
                return match self.slot(&key) {
                    Some(slot) => Ok(slot),
                    None => self.new_key(key),
                };
            };
            let other = self.main_position(&self.nodes[mp].key);
            if other != mp {
                // The colliding node is out of its main position: move it to the free node.
                let mut previous = other;
                while let Some(next) = self.nodes[previous].next {
                    if next as usize == mp {
                        break;
                    }
                    previous = next as usize;
                }
                self.nodes[previous].next = Some(free as u32);
                self.nodes[free] = self.nodes[mp];
                self.nodes[mp].next = None;
                self.nodes[mp].value = Value::Nil;
            } else {
                // The colliding node is in its main position: the new key takes the free node.
                self.nodes[free].next = self.nodes[mp].next;
                self.nodes[mp].next = Some(free as u32);
                mp = free;
            }
        }
        self.nodes[mp].key = key;
        Ok(Slot::Node(mp))
    }

    /// `rehash`: recounts the keys (plus the one being added) and resizes both parts.
    fn rehash(&mut self, extra: &Value) -> Result<(), TableError> {
        let mut nums = [0u32; MAX_BITS as usize + 1];
        let mut array_keys = self.count_array_keys(&mut nums);
        let mut total = array_keys;
        for node in &self.nodes {
            if !node.value.is_nil() {
                array_keys += count_int_key(&node.key, &mut nums);
                total += 1;
            }
        }
        array_keys += count_int_key(extra, &mut nums);
        total += 1;
        let (array_size, in_array) = compute_sizes(&nums, array_keys);
        self.resize(array_size, (total - in_array) as usize)
    }

    /// `numusearray`: counts the array part's non-nil slots per power-of-two slice.
    fn count_array_keys(&self, nums: &mut [u32]) -> u32 {
        let mut total = 0;
        let mut i = 1usize;
        let mut slice_end = 1usize;
        for count in nums.iter_mut() {
            let limit = slice_end.min(self.array.len());
            if slice_end > self.array.len() && i > limit {
                break;
            }
            let mut in_slice = 0;
            while i <= limit {
                if !self.array[i - 1].is_nil() {
                    in_slice += 1;
                }
                i += 1;
            }
            *count += in_slice;
            total += in_slice;
            slice_end *= 2;
        }
        total
    }

    /// `resize`: new array and hash sizes, reinserting what moved.
    fn resize(&mut self, array_size: usize, hash_size: usize) -> Result<(), TableError> {
        let old_nodes = std::mem::take(&mut self.nodes);
        if array_size > self.array.len() {
            self.array.resize(array_size, Value::Nil);
        }
        self.set_node_vector(hash_size)?;
        if array_size < self.array.len() {
            let vanishing = self.array.split_off(array_size);
            for (i, value) in vanishing.into_iter().enumerate() {
                if !value.is_nil() {
                    self.set_int((array_size + i + 1) as i64, value)?;
                }
            }
        }
        for node in old_nodes.into_iter().rev() {
            if !node.value.is_nil() {
                self.set(node.key, node.value)?;
            }
        }
        Ok(())
    }

    /// `luaH_resizearray`: SETLIST makes room for its items in the array part up front.
    pub fn resize_array(&mut self, size: usize) -> Result<(), TableError> {
        let nodes = if self.nodes.is_empty() {
            0
        } else {
            self.nodes.len()
        };
        self.resize(size, nodes)
    }

    /// `luaH_next`: the entry after `key` in traversal order (array part, then nodes in
    /// order), or None at the end.
    pub fn next(&self, key: &Value) -> Result<Option<(Value, Value)>, TableError> {
        let mut i = self.traversal_index(key)?;
        while i < self.array.len() {
            if !self.array[i].is_nil() {
                return Ok(Some((Value::Number((i + 1) as f64), self.array[i])));
            }
            i += 1;
        }
        let mut n = i - self.array.len();
        while n < self.nodes.len() {
            let node = &self.nodes[n];
            if !node.value.is_nil() {
                return Ok(Some((node.key, node.value)));
            }
            n += 1;
        }
        Ok(None)
    }

    /// `findindex`: where traversal continues after `key`.
    fn traversal_index(&self, key: &Value) -> Result<usize, TableError> {
        if key.is_nil() {
            return Ok(0);
        }
        if let Value::Number(n) = key {
            if let Some(k) = as_int(*n) {
                if k >= 1 && k as usize <= self.array.len() {
                    return Ok(k as usize);
                }
            }
        }
        match self.find_node(key) {
            Some(i) => Ok(self.array.len() + i + 1),
            None => Err(TableError::InvalidNextKey),
        }
    }

    /// `luaH_getn`: a border (`t[n]` non-nil and `t[n+1]` nil), found as 5.1 finds it.
    pub fn length(&self) -> u64 {
        let j = self.array.len();
        if j > 0 && self.array[j - 1].is_nil() {
            let (mut i, mut j) = (0usize, j);
            while j - i > 1 {
                let m = (i + j) / 2;
                if self.array[m - 1].is_nil() {
                    j = m;
                } else {
                    i = m;
                }
            }
            return i as u64;
        }
        if self.nodes.is_empty() {
            return j as u64;
        }
        self.unbound_search(j as u64)
    }

    fn unbound_search(&self, start: u64) -> u64 {
        let (mut i, mut j) = (start, start + 1);
        while !self.get_int(j as i64).is_nil() {
            i = j;
            j *= 2;
            if j > i32::MAX as u64 {
                // Built to defeat the search: count linearly, as 5.1 does.
                let mut k = 1;
                while !self.get_int(k).is_nil() {
                    k += 1;
                }
                return (k - 1) as u64;
            }
        }
        while j - i > 1 {
            let m = (i + j) / 2;
            if self.get_int(m as i64).is_nil() {
                j = m;
            } else {
                i = m;
            }
        }
        i
    }

    /// Every value held (for the collector): array items, then node keys and values.
    pub fn for_each_entry(&self, mut visit: impl FnMut(&Value, &Value)) {
        for (i, value) in self.array.iter().enumerate() {
            if !value.is_nil() {
                visit(&Value::Number((i + 1) as f64), value);
            }
        }
        for node in &self.nodes {
            if !node.value.is_nil() {
                visit(&node.key, &node.value);
            }
        }
    }

    /// Clears the entries `dead` says are gone (weak tables after a collection). The keys stay
    /// in their nodes, as 5.1's dead keys do, so a traversal in progress can go on.
    pub fn clear_entries(&mut self, mut dead: impl FnMut(&Value, &Value) -> bool) {
        for i in 0..self.array.len() {
            let key = Value::Number((i + 1) as f64);
            if !self.array[i].is_nil() && dead(&key, &self.array[i]) {
                self.array[i] = Value::Nil;
            }
        }
        for node in &mut self.nodes {
            if !node.value.is_nil() && dead(&node.key, &node.value) {
                node.value = Value::Nil;
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Slot {
    Array(usize),
    Node(usize),
}

/// `countint`: counts `key` in its slice if it could live in the array part.
fn count_int_key(key: &Value, nums: &mut [u32]) -> u32 {
    if let Value::Number(n) = key {
        if let Some(k) = as_int(*n) {
            if k >= 1 && i64::from(k) <= MAX_ARRAY_SIZE {
                nums[ceil_log2(k as u64) as usize] += 1;
                return 1;
            }
        }
    }
    0
}

/// `computesizes`: the largest power of two `n` such that more than half of `1..n` are in use,
/// and how many keys go to the array part.
fn compute_sizes(nums: &[u32], array_keys: u32) -> (usize, u32) {
    let mut a = 0u32;
    let mut na = 0u32;
    let mut n = 0usize;
    let mut two_to_i = 1usize;
    for &count in nums {
        if two_to_i / 2 >= array_keys as usize {
            break;
        }
        if count > 0 {
            a += count;
            if a as usize > two_to_i / 2 {
                n = two_to_i;
                na = a;
            }
        }
        if a == array_keys {
            break;
        }
        two_to_i *= 2;
    }
    (n, na)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(n: f64) -> Value {
        Value::Number(n)
    }

    #[test]
    fn integer_keys_grow_the_array_part() {
        let mut t = Table::new(0, 0).unwrap();
        for i in 1..=10 {
            t.set_int(i, num(i as f64)).unwrap();
        }
        assert_eq!(t.array_size(), 16);
        assert_eq!(t.length(), 10);
        assert!(matches!(t.get_int(7), Value::Number(n) if n == 7.0));
    }

    #[test]
    fn nil_and_nan_keys_are_refused() {
        let mut t = Table::new(0, 0).unwrap();
        assert_eq!(t.set(Value::Nil, num(1.0)), Err(TableError::IndexIsNil));
        assert_eq!(t.set(num(f64::NAN), num(1.0)), Err(TableError::IndexIsNan));
        assert!(matches!(t.next(&num(5.0)), Err(TableError::InvalidNextKey)));
    }

    #[test]
    fn traversal_visits_every_key_once() {
        let mut t = Table::new(0, 0).unwrap();
        for i in 0..100 {
            t.set(num(f64::from(i) * 1.5), num(1.0)).unwrap();
        }
        let mut key = Value::Nil;
        let mut seen = 0;
        while let Some((k, _)) = t.next(&key).unwrap() {
            key = k;
            seen += 1;
        }
        assert_eq!(seen, 100);
    }
}
