import Foundation
import Model

/// A step-line chart of prices over days, one line per competitor, with gaps where a competitor
/// was out of stock or not observed. Plain SVG 1.1, readable without scripts or fonts.
///
///     let chart = SVGChart(title: "Acme Kettle", unit: "USD", series: [...])
///     try chart.render().write(toFile: "charts/acme.svg", atomically: true, encoding: .utf8)
public struct SVGChart: Sendable {
    public struct Point: Sendable, Equatable {
        public var day: Date
        /// nil marks a gap (stockout or no observation): the line breaks there.
        public var value: Double?
        public init(day: Date, value: Double?) {
            self.day = day
            self.value = value
        }
    }

    public struct Series: Sendable {
        public var label: String
        public var points: [Point]
        /// Drawn thicker and dashed: the merchant's own price.
        public var emphasised: Bool
        public init(label: String, points: [Point], emphasised: Bool = false) {
            self.label = label
            self.points = points
            self.emphasised = emphasised
        }
    }

    public var title: String
    public var unit: String
    public var series: [Series]
    public var width = 760
    public var height = 360
    /// Steps hold a price until it changes; lines join points (trends such as weekly sentiment).
    public enum Style: Sendable { case steps, lines }
    public var style = Style.steps
    /// A fixed y range (e.g. -1...1 for sentiment) instead of one fitted to the values.
    public var yRange: ClosedRange<Double>?
    public var footnote = "gaps: out of stock or not observed"

    public init(title: String, unit: String, series: [Series]) {
        self.title = title
        self.unit = unit
        self.series = series
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    public func render() -> String {
        let left = 64.0, right = 180.0, top = 40.0, bottom = 48.0
        let plotW = Double(width) - left - right, plotH = Double(height) - top - bottom
        let days = series.flatMap { $0.points.map(\.day) }
        let values = series.flatMap { $0.points.compactMap(\.value) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        svg += "<text x=\"\(Int(left))\" y=\"22\" font-size=\"15\" font-weight=\"bold\">\(SVGChart.xml(title))</text>\n"
        guard let minDay = days.min(), let maxDay = days.max(), let lo0 = values.min(), let hi0 = values.max() else {
            svg += "<text x=\"\(Int(left))\" y=\"\(Int(top + plotH / 2))\">no observations in this period</text>\n</svg>\n"
            return svg
        }
        let (lo, hi, step) = yRange.map { SVGChart.niceScale($0.lowerBound, $0.upperBound) } ?? SVGChart.niceScale(lo0, hi0)
        let span = max(maxDay.timeIntervalSince(minDay), 86_400)
        func x(_ d: Date) -> Double { left + d.timeIntervalSince(minDay) / span * plotW }
        func y(_ v: Double) -> Double { top + (1 - (v - lo) / (hi - lo)) * plotH }
        // Grid and y axis labels.
        var v = lo
        while v <= hi + step / 2 {
            let yy = SVGChart.f(y(v))
            svg += "<line x1=\"\(Int(left))\" y1=\"\(yy)\" x2=\"\(SVGChart.f(left + plotW))\" y2=\"\(yy)\" stroke=\"#e5e5e5\"/>\n"
            svg += "<text x=\"\(Int(left) - 6)\" y=\"\(yy)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(SVGChart.axisNumber(v, step: step))</text>\n"
            v += step
        }
        svg += "<text x=\"14\" y=\"\(SVGChart.f(top + plotH / 2))\" transform=\"rotate(-90 14 \(SVGChart.f(top + plotH / 2)))\" text-anchor=\"middle\">\(SVGChart.xml(unit))</text>\n"
        // X axis: up to 8 date labels.
        let dayCount = Int((span / 86_400).rounded())
        let every = max(1, Int((Double(dayCount) / 7).rounded(.up)))
        let fmt = DateFormatter()
        fmt.locale = Locale(identifier: "en_US_POSIX")
        fmt.timeZone = TimeZone(identifier: "UTC")
        fmt.dateFormat = "MMM d"
        var i = 0
        while i <= dayCount {
            let d = minDay.addingTimeInterval(Double(i) * 86_400)
            let xx = SVGChart.f(x(d))
            svg += "<line x1=\"\(xx)\" y1=\"\(SVGChart.f(top + plotH))\" x2=\"\(xx)\" y2=\"\(SVGChart.f(top + plotH + 4))\" stroke=\"#333\"/>\n"
            svg += "<text x=\"\(xx)\" y=\"\(SVGChart.f(top + plotH + 18))\" text-anchor=\"middle\">\(fmt.string(from: d))</text>\n"
            i += every
        }
        svg += "<rect x=\"\(Int(left))\" y=\"\(Int(top))\" width=\"\(SVGChart.f(plotW))\" height=\"\(SVGChart.f(plotH))\" fill=\"none\" stroke=\"#333\"/>\n"
        // Step lines, broken at gaps; a lone point gets a dot so it stays visible.
        for (index, s) in series.enumerated() {
            let color = SVGChart.palette[index % SVGChart.palette.count]
            let sorted = s.points.sorted { $0.day < $1.day }
            var path = "", runLength = 0, lastY = 0.0
            var dots: [(Double, Double)] = []
            for (k, p) in sorted.enumerated() {
                guard let value = p.value else {
                    if style == .steps && runLength == 1 { dots.append((x(sorted[k - 1].day), lastY)) }
                    runLength = 0
                    continue
                }
                let px = x(p.day), py = y(value)
                if runLength == 0 { path += "M\(SVGChart.f(px)) \(SVGChart.f(py))" }
                else if style == .lines { path += "L\(SVGChart.f(px)) \(SVGChart.f(py))" }
                else { path += "H\(SVGChart.f(px))V\(SVGChart.f(py))" }
                runLength += 1
                lastY = py
                if style == .lines { dots.append((px, py)) }
                // Hold the last price until the next day, so a step is visible at the end.
                let nextDay = k + 1 < sorted.count ? sorted[k + 1].day : p.day.addingTimeInterval(86_400)
                if style == .steps && (k + 1 == sorted.count || sorted[k + 1].value == nil) {
                    path += "H\(SVGChart.f(min(x(nextDay), left + plotW)))"
                }
            }
            if style == .steps, runLength == 1, let last = sorted.last, last.value != nil { dots.append((x(last.day), lastY)) }
            let dash = s.emphasised ? " stroke-dasharray=\"6 3\"" : ""
            if !path.isEmpty {
                svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(s.emphasised ? 3 : 2)\"\(dash)/>\n"
            }
            for (dx, dy) in dots { svg += "<circle cx=\"\(SVGChart.f(dx))\" cy=\"\(SVGChart.f(dy))\" r=\"3\" fill=\"\(color)\"/>\n" }
            let ly = top + 8 + Double(index) * 20
            let lx = left + plotW + 14
            svg += "<line x1=\"\(SVGChart.f(lx))\" y1=\"\(SVGChart.f(ly))\" x2=\"\(SVGChart.f(lx + 22))\" y2=\"\(SVGChart.f(ly))\" stroke=\"\(color)\" stroke-width=\"3\"\(dash)/>\n"
            svg += "<text x=\"\(SVGChart.f(lx + 28))\" y=\"\(SVGChart.f(ly))\" dominant-baseline=\"middle\">\(SVGChart.xml(String(s.label.prefix(22))))</text>\n"
        }
        if !footnote.isEmpty {
            svg += "<text x=\"\(SVGChart.f(left + plotW))\" y=\"\(height - 6)\" text-anchor=\"end\" fill=\"#666\" font-size=\"10\">\(SVGChart.xml(footnote))</text>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// A y range and step with round numbers (1, 2, 2.5, 5 x 10^n), about five lines.
    static func niceScale(_ lo: Double, _ hi: Double) -> (Double, Double, Double) {
        var a = lo, b = hi
        if a == b { a -= max(abs(a) * 0.05, 1); b += max(abs(b) * 0.05, 1) }
        let raw = (b - a) / 5
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        return (floor(a / step) * step, ceil(b / step) * step, step)
    }

    static func axisNumber(_ v: Double, step: Double) -> String {
        // As many decimals as the step needs: 2.5 -> 1, 0.25 -> 2, 10 -> 0.
        var digits = 0
        while digits < 6, abs(step * pow(10, Double(digits)) - (step * pow(10, Double(digits))).rounded()) > 1e-9 { digits += 1 }
        return String(format: "%.\(digits)f", v)
    }

    static func f(_ v: Double) -> String { FixedText.format(v, digits: 1) }

    static func xml(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars where !DisplayText.isHidden(ch) {
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default:
                // Control characters are not allowed in XML 1.0.
                if ch.value < 0x20 && ch != "\t" && ch != "\n" { out += " " } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}
