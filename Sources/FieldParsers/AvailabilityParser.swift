import Foundation
import Model

/// Reads stock status in en/de/zh/pt/ja/es/fr, or a schema.org value ("http://schema.org/InStock").
///
///     AvailabilityParser.parse("Nur noch 3 auf Lager")  // .success(.limitedAvailability)
public enum AvailabilityParser {
    public static func parse(_ text: String) -> Result<Availability, FieldParseError> {
        if let tooLong = FieldTextLimit.refusal(text, kind: .availability) { return .failure(tooLong) }
        return FastAvailabilityParser.parse(text) ?? ReferenceAvailabilityParser.parse(text)
    }
}
