import Hummingbird

/// The load test's ceiling: a Hummingbird server whose one route returns a constant JSON body,
/// built with the same settings as Warden, so `scripts/load.sh` can report Warden's routes as a
/// share of what the framework alone serves on this machine in the same run.
let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8099
let router = Router()
let body = ByteBuffer(string: #"{"status":"ok","shop":"constant"}"#)
router.get("constant") { _, _ in
    Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
