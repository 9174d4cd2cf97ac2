import DemoShop
import Foundation

/// `pricewatch-bench render-site DIR N`: the demo US marketplace's product pages over simulated
/// days, written as static files DIR/us/p/<i>.html for a web server (nginx) to serve, so neither
/// crawler's server is the bottleneck. Prints {"pages": N, "bytes": ...}.
func renderSite(_ args: [String]) throws -> [String: Any] {
    guard args.count >= 2, let count = Int(args[1]) else { throw NSError(domain: "bench", code: 2, userInfo: [NSLocalizedDescriptionKey: "render-site DIR N"]) }
    let dir = URL(fileURLWithPath: args[0]).appendingPathComponent("us/p")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let shops = try DemoServer()
    let products = DemoWorld.products(of: .us)
    var written = 0, bytes = 0
    var day = 0
    while written < count {
        shops.setDay(day)
        for p in products where written < count {
            let r = shops.respondForBenchmark("/us/p/\(p.id)")
            try r.body.write(to: dir.appendingPathComponent("\(written).html"))
            bytes += r.body.count
            written += 1
        }
        day += 1
    }
    return ["pages": written, "bytes": bytes, "days": day]
}
