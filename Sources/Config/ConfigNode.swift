import Foundation
import Yams

/// A configuration value that does not fit, with the file, line, column and key that hold it.
///
///     Jobs/demo-us.yml:12:16: limits.concurrency: expected a whole number, found "ten"
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    /// Dotted key path, e.g. `sites[0].start`.
    public let key: String
    public let message: String

    public init(file: String, line: Int, column: Int, key: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        "\(file):\(line):\(column): \(key.isEmpty ? "" : key + ": ")\(message)"
    }
}

/// A YAML node that remembers where it came from, so every error can name file, line and key.
public struct ConfigNode {
    public let node: Node
    public let file: String
    public let path: String

    public init(node: Node, file: String, path: String) {
        self.node = node
        self.file = file
        self.path = path
    }

    /// A configuration file's text; a file that cannot be read is a ConfigError naming it.
    public static func readFile(_ path: String) throws -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigError(file: path, line: 0, column: 0, key: "", message: "cannot read the file: \(error.localizedDescription)")
        }
    }

    /// Every YAML file pricewatch reads comes through here (jobs, selector sets, rules, aspects), so
    /// the alias budget (`YAMLAliasBudget`) holds for all of them.
    public static func load(yaml: String, file: String) throws -> ConfigNode {
        try YAMLAliasBudget.check(yaml, file: file)
        do {
            guard let node = try compose(yaml) else {
                throw ConfigError(file: file, line: 1, column: 1, key: "", message: "the file is empty")
            }
            return ConfigNode(node: node, file: file, path: "")
        } catch let error as YamlError {
            var line = 1, column = 1
            if case let .scanner(_, _, mark, _) = error { line = mark.line; column = mark.column }
            if case let .parser(_, _, mark, _) = error { line = mark.line; column = mark.column }
            throw ConfigError(file: file, line: line, column: column, key: "", message: "not valid YAML: \(error)")
        }
    }

    /// The document's nodes, read without Yams' default resolver: its bool/int/float/null rules
    /// are NSRegularExpressions, and compiling them loads ICU into every process that reads a job
    /// (with JobLock's date formatter and the URL globs, ~3.5 MB of a crawl's peak RSS). Nothing here reads
    /// Yams' tags - `int()`, `double()` and `bool()` type the scalar's text themselves - so the
    /// only place the resolver shows is Yams' duplicate-key check, which compares keys by text
    /// and resolved tag. With plain and quoted keys only, every key duplicated under the default
    /// resolver is duplicated under `.basic` too; the two differ only when `.basic` finds a
    /// duplicate (`true:` next to `"true":` is two keys to the default resolver) or a key carries
    /// an explicit tag (`!!int 1:`). Those documents are read again with the default resolver,
    /// so every file is accepted or rejected exactly as before.
    static func compose(_ yaml: String) throws -> Node? {
        let node: Node?
        do { node = try Yams.compose(yaml: yaml, .basic) } catch YamlError.duplicatedKeysInMapping {
            return try Yams.compose(yaml: yaml)
        }
        if let node, hasTaggedKey(node) { return try Yams.compose(yaml: yaml) }
        return node
    }

    /// Whether a mapping key anywhere in the tree has an explicit tag other than `!!str`.
    static func hasTaggedKey(_ node: Node) -> Bool {
        switch node {
        case .scalar, .alias: return false
        case let .sequence(seq): return seq.contains(where: hasTaggedKey)
        case let .mapping(map):
            for (k, v) in map {
                // A collection as a key compares its scalars by resolved tag too: read it the old way.
                guard case let .scalar(s) = k else { return true }
                if s.tag.rawValue != Tag.Name.implicit.rawValue && s.tag.rawValue != Tag.Name.str.rawValue { return true }
                if hasTaggedKey(v) { return true }
            }
            return false
        }
    }

    public var line: Int { node.mark?.line ?? 1 }
    public var column: Int { node.mark?.column ?? 1 }

    public func error(_ message: String) -> ConfigError {
        ConfigError(file: file, line: line, column: column, key: path, message: message)
    }

    public func child(_ node: Node, _ key: String) -> ConfigNode {
        ConfigNode(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// The mapping's entries; keys outside `allowed` are errors with a "did you mean" hint.
    public func mapping(allowed: Set<String>) throws -> [String: ConfigNode] {
        guard case let .mapping(map) = node else { throw error("expected a mapping of keys, found \(kindName)") }
        var result: [String: ConfigNode] = [:]
        for (k, v) in map {
            let keyNode = ConfigNode(node: k, file: file, path: path)
            guard let key = k.string else { throw keyNode.error("keys must be text") }
            guard allowed.contains(key) else {
                let hint = ConfigNode.closest(to: key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                let full = path.isEmpty ? key : "\(path).\(key)"
                throw ConfigError(file: file, line: keyNode.line, column: keyNode.column, key: full,
                                  message: "unknown key\(hint); allowed: \(allowed.sorted().joined(separator: ", "))")
            }
            guard result[key] == nil else { throw keyNode.error("key '\(key)' appears twice") }
            result[key] = child(v, key)
        }
        return result
    }

    /// A list; a single scalar counts as a list of one.
    public func list() throws -> [ConfigNode] {
        switch node {
        case let .sequence(seq): return seq.enumerated().map { ConfigNode(node: $1, file: file, path: "\(path)[\($0)]") }
        case .scalar: return [self]
        default: throw error("expected a list, found \(kindName)")
        }
    }

    public func string() throws -> String {
        guard case let .scalar(s) = node else { throw error("expected text, found \(kindName)") }
        return s.string
    }

    public func stringList() throws -> [String] { try list().map { try $0.string() } }

    public func int(in range: ClosedRange<Int>? = nil) throws -> Int {
        guard case let .scalar(s) = node, let v = Int(s.string) else { throw error("expected a whole number, found \(found)") }
        if let range, !range.contains(v) { throw error("\(v) is outside \(range.lowerBound)...\(range.upperBound)") }
        return v
    }

    public func double(in range: ClosedRange<Double>? = nil) throws -> Double {
        guard case let .scalar(s) = node, let v = Double(s.string) else { throw error("expected a number, found \(found)") }
        if let range, !range.contains(v) { throw error("\(v) is outside \(range.lowerBound)...\(range.upperBound)") }
        return v
    }

    public func bool() throws -> Bool {
        guard case let .scalar(s) = node else { throw error("expected true or false, found \(kindName)") }
        switch s.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, found \(found)")
        }
    }

    /// A duration such as `250ms`, `1.5s`, `2m`, `6h`, `180d`, or a bare number of seconds.
    public func duration() throws -> TimeInterval {
        let text = try string().trimmingCharacters(in: .whitespaces)
        guard let seconds = ConfigNode.parseDuration(text) else {
            throw error("expected a duration like 250ms, 2s, 5m, 6h or 30d, found \(found)")
        }
        return seconds
    }

    public static func parseDuration(_ text: String) -> TimeInterval? {
        let number = text.prefix { $0.isNumber || $0 == "." }
        guard let value = Double(number), value >= 0 else { return nil }
        switch text.dropFirst(number.count).trimmingCharacters(in: .whitespaces) {
        case "": return value
        case "ms": return value / 1000
        case "s": return value
        case "m", "min": return value * 60
        case "h": return value * 3600
        case "d": return value * 86_400
        default: return nil
        }
    }

    private var kindName: String {
        switch node {
        case .scalar: return "a single value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private var found: String {
        if case let .scalar(s) = node { return "\"\(s.string)\"" }
        return kindName
    }

    public static func closest(to key: String, in candidates: Set<String>) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in candidates.sorted() {
            let d = editDistance(key.lowercased(), candidate)
            if best == nil || d < best!.distance { best = (candidate, d) }
        }
        guard let best, best.distance <= Swift.max(2, key.count / 3) else { return nil }
        return best.name
    }

    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var prev = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let cur = row[j]
                let substitution: Int = prev + (a[i - 1] == b[j - 1] ? 0 : 1)
                let insertion: Int = row[j - 1] + 1
                let deletion: Int = cur + 1
                row[j] = Swift.min(substitution, Swift.min(insertion, deletion))
                prev = cur
            }
        }
        return row[b.count]
    }
}
