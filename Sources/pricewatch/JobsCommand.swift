import ArgumentParser
import Crawl
import Extract
import Foundation
import Reprice
import Sentiment
import Store

struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "Validate and list jobs.",
                                                    subcommands: [Check.self, List.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate every job file and every selector file it names; exit 2 on any error.")
        @Option(help: "Folder of job files.") var jobsDir = "Jobs"

        func run() throws {
            var problems: [String] = []
            var checkedSelectors = Set<String>()
            let files = try FileManager.default.contentsOfDirectory(atPath: requireJobsFolder(jobsDir))
                .filter { ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml")) && !["aspects.yml", "repricing.yml"].contains($0) }.sorted()
            if files.isEmpty { problems.append("\(jobsDir): no job files (*.yml)") }
            for f in files {
                let path = (jobsDir as NSString).appendingPathComponent(f)
                do {
                    let job = try Job.load(path: path)
                    print("ok   \(path): \(job.name), \(job.schedule) (\(job.timeZone.identifier)), \(job.sites.count) site(s)")
                    for s in job.sites {
                        guard let sel = s.selectorsPath, checkedSelectors.insert(sel).inserted else { continue }
                        do {
                            let set = try SelectorSet.load(path: sel)
                            _ = try Extractor(selectorSet: set)
                            print("ok   \(sel): \(set.site), pages \(set.pages.map(\.kind).joined(separator: ", "))")
                        } catch { problems.append("\(error)") }
                    }
                } catch { problems.append("\(error)") }
            }
            let aspectsPath = (jobsDir as NSString).appendingPathComponent("aspects.yml")
            if FileManager.default.fileExists(atPath: aspectsPath) {
                do {
                    let lexicon = try AspectLexicon.load(path: aspectsPath)
                    print("ok   \(aspectsPath): \(lexicon.order.count) aspects")
                } catch { problems.append("\(error)") }
            }
            let rulesPath = (jobsDir as NSString).appendingPathComponent("repricing.yml")
            if FileManager.default.fileExists(atPath: rulesPath) {
                do {
                    _ = try RepriceRules.load(path: rulesPath)
                    print("ok   \(rulesPath): repricing rules")
                } catch { problems.append("\(error)") }
            }
            for p in problems { print("FAIL \(p)") }
            if !problems.isEmpty { throw ExitCode(ExitStatus.configuration.rawValue) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs with their schedules.")
        @Option(help: "Folder of job files.") var jobsDir = "Jobs"
        func run() throws {
            do {
                for j in try Scheduler.loadJobs(directory: requireJobsFolder(jobsDir)) {
                    print("\(j.name)\t\(j.schedule)\t\(j.timeZone.identifier)\t\(j.sites.map { $0.selectorsPath.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "auto" }.joined(separator: ","))")
                }
            } catch { try fail(error, status: .configuration) }
        }
    }
}

struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health", abstract: "Show the last runs, their numbers and their alarms.",
        discussion: """
        A run that did not finish says why: failed (the storage or configuration error that stopped it), \
        incomplete (its process was killed, crashed or the machine restarted; --resume continues it). \
        Exit 1 when the latest run of a job shown finished with alarms (as `run` does), failed or is \
        incomplete, else 0.
        """)
    @Option(help: "Only this job.") var job: String?
    @Option(help: "How many runs (1 or more).") var limit = 10
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be 1 or more, got \(limit)") }
    }

    func run() throws {
        let store = try database.open(existing: true)
        let records: [Store.RunRecord]
        do { records = try store.runs(job: job, limit: limit) } catch { try fail(error, status: .storage) }
        if records.isEmpty { print("no runs yet\(job.map { " for \($0)" } ?? "")") }
        let views = records.map { RunRecordView($0, lockDirectory: database.lockDirectory) }
        for v in views { print(v.text) }
        // Newest first: the first record of each job is its latest run.
        var latest: [String: RunRecordView] = [:]
        for v in views where latest[v.record.job] == nil { latest[v.record.job] = v }
        if latest.values.contains(where: { $0.record.status == .alarms || $0.end.needsAttention }) { throw ExitCode(ExitStatus.alarms.rawValue) }
    }
}

struct RunRecordView {
    let record: Store.RunRecord
    let end: RunEnd
    let text: String
    init(_ r: Store.RunRecord, lockDirectory: String?) {
        record = r
        end = RunEnd(r, lockDirectory: lockDirectory)
        let f = ISO8601DateFormatter()
        var t = "run \(r.id)  \(r.job)  \(f.string(from: r.startedAt))  \(end)"
        if let json = r.statsJSON, let s = RunStatsJSON.decode(json), s.fetch.requests > 0 || !s.sites.isEmpty {
            t += "  \(s.fetch.summary)"
            for site in s.sites {
                let cov = ["price", "availability", "rating"].map { "\($0) \(Int((site.coverage(of: $0) * 100).rounded()))%" }.joined(separator: ", ")
                t += "\n    \(site.site): \(site.items) items, \(site.pagesFetched) pages, \(site.fetchErrors) errors, \(site.blocked) blocked; coverage \(cov)"
                if let first = site.firstParseError { t += "\n    \(site.site): \(site.unparsablePages) page(s) not read, first \(first)" }
            }
        }
        if let a = r.alarmsJSON, let alarms = try? JSONDecoder().decode([Alarm].self, from: Data(a.utf8)) {
            for al in alarms { t += "\n    ALARM \(al)" }
        }
        text = t
    }
}
