/// RFC 4180 CSV, safe to open in a spreadsheet: competitor text is hostile.
///
/// The formula guard puts one `'` before a cell a spreadsheet would run (`= + - @`, tab, CR first,
/// unless it is a plain number) and before a cell that already looks guarded (`'` ... then one of
/// those), so `unguarded` undoes it exactly: a sheet that is read back (`catalog import` of a
/// `catalog export`) gets every value as it was.
///
///     var csv = CSVWriter(excelBOM: false)
///     csv.row(["sku", "title", "price"])
///     csv.row(["A1", "=HYPERLINK(\"x\")", "-5.20"])   // title neutralised as '=HYPERLINK(...), number kept
///     csv.text
public struct CSVWriter: Sendable {
    /// The UTF-8 bytes so far: appending cells to bytes costs less than to a growing String
    /// (reports write millions of cells).
    private var bytes: [UInt8]

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// - Parameter excelBOM: start with a UTF-8 byte-order mark so Excel reads the file as UTF-8.
    public init(excelBOM: Bool = false) {
        bytes = excelBOM ? Array("\u{FEFF}".utf8) : []
    }

    public mutating func row(_ cells: [String]) {
        var first = true
        for cell in cells {
            if !first { bytes.append(0x2C) }
            first = false
            bytes.append(contentsOf: CSVWriter.cell(cell).utf8)
        }
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    /// One cell, neutralised against formula injection and quoted when needed.
    public static func cell(_ value: String) -> String {
        // Most cells are printable ASCII with nothing to quote: one pass over the bytes says so
        // (in ASCII, characters are bytes, so the checks below would find nothing either).
        var plain = true
        for b in value.utf8 where b < 0x20 || b > 0x7E || b == 0x2C || b == 0x22 {
            plain = false
            break
        }
        if plain, let first = value.utf8.first, first != 0x3D, first != 0x2B, first != 0x2D, first != 0x40, first != 0x20, first != 0x27,
           value.utf8.last != 0x20 {
            return value
        }
        var v = DisplayText.visible(value)
        if needsGuard(v) { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || v.hasPrefix(" ") || v.hasSuffix(" ") {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }

    static let formulaStarts = "=+-@\t\r".unicodeScalars

    /// Whether `cell` gets the guard's `'`: a formula start that is not a plain number, or `'`s
    /// followed by a formula start (a value that would otherwise read back as guarded).
    static func needsGuard(_ cell: String) -> Bool {
        guard let c = cell.unicodeScalars.first else { return false }
        if formulaStarts.contains(c) { return !isPlainNumber(cell) }
        guard c == "'" else { return false }
        return cell.unicodeScalars.first { $0 != "'" }.map(formulaStarts.contains) ?? false
    }

    /// A cell as it was before `cell` guarded it: the inverse of the formula guard, for sheets
    /// pricewatch wrote and reads back. Any other cell is returned as it is.
    ///
    ///     CSVWriter.unguarded("'=X")    // "=X"
    ///     CSVWriter.unguarded("''=X")   // "'=X"
    ///     CSVWriter.unguarded("'Q")     // "'Q"
    public static func unguarded(_ cell: String) -> String {
        guard cell.hasPrefix("'") else { return cell }
        let rest = String(cell.dropFirst())
        return needsGuard(rest) ? rest : cell
    }

    /// "-5.20", "+3", "12": numbers a spreadsheet reads as numbers, never as formulas.
    static func isPlainNumber(_ s: String) -> Bool {
        var scalars = Substring(s).unicodeScalars[...]
        if let f = scalars.first, f == "-" || f == "+" { scalars = scalars.dropFirst() }
        var digits = 0, dots = 0
        for c in scalars {
            if c == "." { dots += 1 } else if ("0"..."9").contains(c) { digits += 1 } else { return false }
        }
        return digits > 0 && dots <= 1
    }
}
