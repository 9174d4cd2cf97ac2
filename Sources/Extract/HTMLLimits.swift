import Foundation

/// What reading one HTML page may cost, parse and extraction together. A hostile page of a few
/// hundred kilobytes can otherwise stall a run for minutes: libxml2 is quadratic in the attributes
/// of one element and in end tags that close nothing under deep nesting, and tree walks are
/// quadratic in nesting. A page over a cap is refused (or its extraction stopped) with a reason
/// naming the cap, counted as a parse failure in the run's health; the run goes on with the next
/// page. Every cap is a count, never a clock, so the same page always gets the same answer.
/// Caps are checked on libxml2's own numbers while it parses (CLibXML2/shim.h); one element's
/// attributes are also bounded before (`HTMLPreScan`), as their cost is paid before any hook.
///
///     var limits = HTMLLimits()
///     limits.maxDepth = 1024
///     let doc = try HTMLDocument(html: text, url: url, limits: limits)
public struct HTMLLimits: Sendable, Equatable {
    /// Attributes on one element. libxml2 compares each attribute with every earlier one of its
    /// element and walks the element's list to append it, so an element costs the square of its
    /// attributes (100,000 took 90 s). Real elements carry a few dozen at most (30 on 40 real shop
    /// pages), framework `data-` attributes included. With `maxAttributes`, 256 keeps libxml2's
    /// attribute work on the worst page near 0.2 s. A tag is refused before libxml2 reads it when
    /// the pre-scan counts more than `preScanFactor` times this (see `HTMLPreScan`).
    public var maxAttributesPerElement = 256
    /// Attributes on the whole page: each costs libxml2 a node and every walk a string or two.
    /// Large real pages have tens of thousands.
    public var maxAttributes = 500_000
    /// Start tags on the page: each is a node in libxml2's tree and in every walk of it. The
    /// largest real listing pages have some tens of thousands.
    public var maxElements = 200_000
    /// Elements open at once. libxml2's own limit is 256, past which it silently drops the rest of
    /// the page: a listing whose items each leave a `<div>` open lost its last items and its next
    /// link. Deeper pages are read up to this; beyond it the page is refused, never cut short.
    public var maxDepth = 4096
    /// An end tag that closes nothing (or a misplaced `<body>`) makes libxml2 search all open
    /// elements: this caps those searches on a page, counted in open elements looked at. Under
    /// 4096 open elements, 250,000 stray end tags took 1.5 s; this cap is about 0.15 s, and real
    /// pages, even broken ones, stay under a million.
    public var maxEndTagWork = 100_000_000
    /// Work of the extraction on one page, in units of about one node visited: libxml2's own count
    /// of XPath steps, plus elements and text nodes our walks visit, plus a unit per 64 bytes of
    /// text copied. A demo product page takes about 20,000 units; what is over the cap stops the
    /// extraction, which is then a parse failure with the reason.
    public var maxExtractionWork = 50_000_000

    public init() {}

    public static let `default` = HTMLLimits()

    /// The pre-scan counts every `<` followed by a letter as a tag, in scripts too, where minified
    /// code reached 416 "attributes" on real pages: its refusal is this many times looser than
    /// `maxAttributesPerElement`, which libxml2's own count then holds exactly. One element
    /// at the pre-scan's bound (4096) costs libxml2 about 0.3 s.
    public static let preScanFactor = 16
}

/// The most attributes libxml2 could read on one element of a page, found in one pass over its
/// bytes before libxml2 sees them (libxml2's cost is quadratic in it, and paid before any hook).
///
/// libxml2 2.9 reads a start tag the same way wherever it begins, so each `<` followed by a letter
/// is followed as libxml2's start-tag reader would follow it, whatever the context: inside a
/// script, a comment or another tag's quoted value too. The elements libxml2 creates are among
/// them, so the count is never below libxml2's. The readers that are in the same state at the same
/// byte are one from there on, so there are a handful at a time and the pass is linear, without
/// allocation per byte.
struct HTMLPreScan {
    /// The most attributes on one start tag, and the byte offset of its `<`.
    var mostAttributes = 0
    var mostAttributesAt = 0
    /// Whether the bytes hold a NUL: libxml2 ends the page at one inside a tag, without a word.
    var hasNUL = false

    /// Why the page is over `limits`, or nil.
    static func problem(_ bytes: UnsafeBufferPointer<UInt8>, limits: HTMLLimits) -> (scan: HTMLPreScan, problem: String?) {
        let s = HTMLPreScan(bytes)
        guard s.mostAttributes > limits.maxAttributesPerElement * HTMLLimits.preScanFactor else { return (s, nil) }
        let line = HTMLPreScan.line(of: s.mostAttributesAt, in: bytes)
        return (s, "page has a start tag with \(s.mostAttributes) attributes at line \(line) (cap \(limits.maxAttributesPerElement))")
    }

    /// 1-based line of a byte offset (only computed for a message).
    static func line(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 1
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A { n += 1 }
        return n
    }

    /// Where libxml2's start-tag reader is (htmlParseStartTag and htmlParseAttribute).
    enum State: UInt8 {
        /// In the element's name, or an attribute's (`length` bytes of it so far: libxml2 cuts at 100).
        case tagName, name
        /// Between attributes; after a name (blanks, then maybe `=`); after `=` (blanks, then the value).
        case between, afterName, afterEquals
        /// In a value in double quotes, single quotes, or none; in bytes that are not an attribute.
        case doubleQuoted, singleQuoted, unquoted, bogus
    }

    struct Reader: Equatable {
        var state: State
        var length: Int
        var count: Int
        var start: Int
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    @inline(__always) static func isNameChar(_ c: UInt8) -> Bool {
        isLetter(c) || (c >= 0x30 && c <= 0x39) || c == 0x3A || c == 0x2D || c == 0x5F || c == 0x2E
    }
    @inline(__always) static func isNameStart(_ c: UInt8) -> Bool { isLetter(c) || c == 0x5F || c == 0x3A || c == 0x2E }
    /// libxml2's IS_BLANK_CH, and NUL, which becomes a space before libxml2 reads the page.
    @inline(__always) static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0 }

    init(_ b: UnsafeBufferPointer<UInt8>) {
        let n = b.count
        guard let base = b.baseAddress else { return }
        hasNUL = memchr(base, 0, n) != nil
        // At most one reader per state (and name length): readers alike from here on are merged.
        var readers: [Reader] = []
        readers.reserveCapacity(16)
        var i = 0
        while i < n {
            if readers.isEmpty {
                // Text (to every reader alike): on to the next `<`.
                guard let lt = memchr(base + i, 0x3C, n - i) else { break }
                i = UnsafePointer<UInt8>(lt.assumingMemoryBound(to: UInt8.self)) - base
            } else if readers.count == 1, readers[0].state == .doubleQuoted || readers[0].state == .singleQuoted {
                // One reader in a quoted value: on to its quote, or a `<` that may start a tag.
                let quote: UInt8 = readers[0].state == .doubleQuoted ? 0x22 : 0x27
                var j = i
                while j < n, b[j] != quote, b[j] != 0x3C { j += 1 }
                i = j
                guard i < n else { break }
            }
            let c = b[i]
            var k = 0
            while k < readers.count {
                if HTMLPreScan.step(&readers[k], c, next: i + 1 < n ? b[i + 1] : 0) {
                    let r = readers.remove(at: k)
                    if r.count > mostAttributes { mostAttributes = r.count; mostAttributesAt = r.start }
                } else {
                    k += 1
                }
            }
            // A tag may begin here: its reader starts at the name, with the next byte.
            if c == 0x3C, i + 1 < n, HTMLPreScan.isLetter(b[i + 1]) {
                readers.append(Reader(state: .tagName, length: 0, count: 0, start: i))
            }
            if readers.count > 1 { HTMLPreScan.merge(&readers) }
            i += 1
        }
        // Tags still open at the end: libxml2 has read their attributes all the same.
        for r in readers where r.count > mostAttributes { mostAttributes = r.count; mostAttributesAt = r.start }
    }

    /// Readers in the same state read the same from here: one is kept, with the larger count.
    static func merge(_ readers: inout [Reader]) {
        var a = 0
        while a < readers.count {
            var b = a + 1
            while b < readers.count {
                if readers[a].state == readers[b].state, readers[a].length == readers[b].length {
                    if readers[b].count > readers[a].count { readers[a].count = readers[b].count; readers[a].start = readers[b].start }
                    readers.remove(at: b)
                } else {
                    b += 1
                }
            }
            a += 1
        }
    }

    /// Reads byte `c` (followed by `next`); true when the tag ends with it.
    @inline(__always) static func step(_ r: inout Reader, _ c: UInt8, next: UInt8) -> Bool {
        while true {
            switch r.state {
            case .tagName, .name:
                if isNameChar(c) && r.length < 100 {
                    r.length += 1
                    return false
                }
                r.state = r.state == .tagName ? .between : .afterName
                r.length = 0
                continue
            case .between:
                if isBlank(c) { return false }
                if c == 0x3E { return true }
                if c == 0x2F && next == 0x3E { r.state = .bogus; return false }  // ends at the `>`
                if isNameStart(c) { r.state = .name; r.length = 1; r.count += 1; return false }
                r.state = .bogus
                continue
            case .afterName:
                if isBlank(c) { return false }
                if c == 0x3D { r.state = .afterEquals; return false }
                r.state = .between
                continue
            case .afterEquals:
                if isBlank(c) { return false }
                if c == 0x22 { r.state = .doubleQuoted; return false }
                if c == 0x27 { r.state = .singleQuoted; return false }
                r.state = .unquoted
                continue
            case .doubleQuoted:
                if c == 0x22 { r.state = .between }
                return false
            case .singleQuoted:
                if c == 0x27 { r.state = .between }
                return false
            case .unquoted:
                if c == 0x3E { return true }
                if isBlank(c) { r.state = .between }
                return false
            case .bogus:
                if c == 0x3E { return true }
                if isBlank(c) { r.state = .between }
                // "/>" ends the tag: the `/` is read here, the `>` next as the end.
                return false
            }
        }
    }
}
