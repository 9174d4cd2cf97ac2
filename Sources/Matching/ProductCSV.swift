import Foundation
import Model

/// Product lists for `pricewatch match`: RFC 4180 CSV with a header; `id,title` required and
/// `description,brand,price,currency,gtin,mpn` optional, in any order. Every problem names the line
/// its record starts on (quoted fields may span lines).
///
///     let records = try ProductCSV.read(text, file: "left.csv")
///     // ProductCSV.Problem: "left.csv:7: price '12,99.0' is not a number"
public enum ProductCSV {
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    public static let requiredColumns = ["id", "title"]
    public static let optionalColumns = ["description", "brand", "price", "currency", "gtin", "mpn", "sku"]

    /// Records of a CSV text (UTF-8, optional BOM); throws the first problem.
    public static func read(_ text: String, file: String) throws -> [ProductRecord] {
        let rows = try parse(text, file: file)
        guard let (headerLine, header) = rows.first else { throw Problem(file: file, line: 1, message: "empty file (expected a header with id,title)") }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = requiredColumns.filter { !names.contains($0) }
        guard missing.isEmpty else {
            throw Problem(file: file, line: headerLine, message: "missing column(s) \(missing.joined(separator: ", ")) (header: \(names.joined(separator: ",")))")
        }
        var named = Set<String>()
        if let dup = names.first(where: { n in !n.isEmpty && !named.insert(n).inserted }) {
            throw Problem(file: file, line: headerLine, message: "column '\(dup)' appears twice")
        }
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() { index[n] = i }
        var records: [ProductRecord] = [], seen = Set<String>()
        for (line, cells) in rows.dropFirst() {
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard cells.count == names.count else {
                throw Problem(file: file, line: line, message: "\(cells.count) fields, the header has \(names.count)")
            }
            func cell(_ n: String) -> String? {
                guard let i = index[n] else { return nil }
                let v = cells[i].trimmingCharacters(in: .whitespacesAndNewlines)
                return v.isEmpty ? nil : v
            }
            guard let id = cell("id") else { throw Problem(file: file, line: line, message: "id is empty") }
            guard seen.insert(id).inserted else { throw Problem(file: file, line: line, message: "id '\(id)' appears twice") }
            guard let title = cell("title") else { throw Problem(file: file, line: line, message: "title is empty (id \(id))") }
            var price: Money?
            if let p = cell("price") {
                guard let (amount, symbolCurrency) = plainAmount(p) else {
                    throw Problem(file: file, line: line, message: "price '\(p)' is not a number like 12.99")
                }
                let currency = (cell("currency") ?? symbolCurrency ?? "USD").uppercased()
                guard currency.count == 3, currency.allSatisfy(\.isLetter) else {
                    throw Problem(file: file, line: line, message: "currency '\(currency)' is not an ISO 4217 code like USD")
                }
                price = Money(amount: amount, currency: currency)
            }
            if let g = cell("gtin"), let why = GTIN.problem(with: g) {
                throw Problem(file: file, line: line, message: "gtin: \(why)")
            }
            records.append(ProductRecord(id: id, title: title, description: cell("description"), brand: cell("brand"), price: price,
                                         gtin: cell("gtin"), mpn: cell("mpn"), sku: cell("sku")))
        }
        return records
    }

    /// `12.99`, `$1,299.00`, `€ 5`: a plain decimal, optionally after a $, € or £ (which gives the currency).
    static func plainAmount(_ text: String) -> (Decimal, String?)? {
        var t = Substring(text.trimmingCharacters(in: .whitespaces))
        var currency: String?
        for (sign, code) in [("$", "USD"), ("€", "EUR"), ("£", "GBP")] where t.hasPrefix(sign) {
            currency = code
            t = t.dropFirst(sign.count).drop { $0 == " " }
        }
        let digits = t.replacingOccurrences(of: ",", with: "")
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), digits.filter({ $0 == "." }).count <= 1,
              let d = Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX")), d <= Money.maximumAmount else { return nil }
        return (d, currency)
    }

    /// The records of any RFC 4180 text with the line each starts on (header included), for other
    /// sheets that want the same line numbers in their errors (the `catalog match` review sheet).
    public static func rows(_ text: String, file: String) throws -> [(line: Int, cells: [String])] { try parse(text, file: file) }

    /// RFC 4180 records with the line each starts on. A quote inside an unquoted field, text after a
    /// closing quote and an unterminated quote are errors with their line.
    static func parse(_ text: String, file: String) throws -> [(line: Int, cells: [String])] {
        var rows: [(Int, [String])] = []
        var cells: [String] = [], field: [UInt8] = []
        var line = 1, start = 1, quoted = false, afterQuote = false, openedAt = 1, fieldStarted = false
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        func endField() { cells.append(String(decoding: field, as: UTF8.self)); field = []; afterQuote = false; fieldStarted = false }
        func endRecord() { endField(); rows.append((start, cells)); cells = [] }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 { field.append(0x22); i += 1 } else { quoted = false; afterQuote = true }
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
            } else if b == 0x2C {
                endField()
            } else if b == 0x0A || b == 0x0D {
                if b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                if !(cells.isEmpty && field.isEmpty && !fieldStarted) { endRecord() } else { cells = [] }
                line += 1
                start = line
            } else if afterQuote {
                throw Problem(file: file, line: line, message: "text after the closing quote of a quoted field (write a quote inside a field as \"\")")
            } else if b == 0x22 {
                guard field.isEmpty && !fieldStarted else {
                    throw Problem(file: file, line: line, message: "a quote inside an unquoted field (quote the whole field and double the quotes inside it)")
                }
                quoted = true; openedAt = line; fieldStarted = true
            } else {
                field.append(b); fieldStarted = true
            }
            i += 1
        }
        if quoted { throw Problem(file: file, line: openedAt, message: "unterminated quoted field (the quote opened here is never closed)") }
        if !cells.isEmpty || !field.isEmpty || fieldStarted { endRecord() }
        return rows
    }
}
