/// A read-only hash table from byte strings to values, probed with FNV-1a over the bytes: the
/// English tokenizer looks each ASCII token up without building or SipHashing a String.
struct ByteTable<Value>: @unchecked Sendable {
    private var slots: [Int32]
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var keys: [UInt8] = []
    private(set) var values: [Value] = []
    private let mask: Int

    init(_ entries: [String: Value]) {
        var capacity = 16
        while capacity < entries.count * 3 { capacity <<= 1 }
        mask = capacity - 1
        slots = [Int32](repeating: -1, count: capacity)
        for (k, v) in entries.sorted(by: { $0.key < $1.key }) {
            let bytes = Array(k.utf8)
            var slot = Int(truncatingIfNeeded: Self.hash(bytes[...])) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(values.count)
            starts.append(Int32(keys.count))
            lengths.append(Int32(bytes.count))
            keys.append(contentsOf: bytes)
            values.append(v)
        }
    }

    @inline(__always) static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h ^ (h >> 29)
    }

    /// The value stored for exactly these bytes.
    func value(for bytes: ArraySlice<UInt8>) -> Value? {
        var slot = Int(truncatingIfNeeded: Self.hash(bytes)) & mask
        while true {
            let e = Int(slots[slot])
            if e < 0 { return nil }
            if Int(lengths[e]) == bytes.count {
                let s = Int(starts[e])
                var equal = true
                var k = s
                for b in bytes { if keys[k] != b { equal = false; break }; k += 1 }
                if equal { return values[e] }
            }
            slot = (slot + 1) & mask
        }
    }
}
