/// Where an extracted value came from, so a user sees why a value is what it is.
public enum FieldSource: String, Codable, Sendable, CaseIterable {
    case css
    case xpath
    case jsonLD = "json-ld"
    case microdata
    case meta
    case regex
    case embeddedJSON = "embedded-json"
    case heuristic
    /// Found by the automatic extractor (no selector for the field).
    case auto
    case defaultValue = "default"
}
