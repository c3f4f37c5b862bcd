/**
 * The two small programs a stream handler runs inside (`node -e` and `python3 -c`), like Lambda's runtime interface
 * client: load the handler once (a cold start), then for each request call it with the event and a context, and
 * answer. Requests arrive on fd 3 and answers leave on fd 4, one JSON object per line, so whatever the handler prints
 * on stdout or stderr is only its log. Answers: `{"ready": true}` once loaded, or `{"init": {errorType, errorMessage}}`;
 * then per request `{"id", "ok": true, "result"}` or `{"id", "ok": false, "error": {errorType, errorMessage, stackTrace}}`,
 * the shape of Lambda's function errors.
 */

/** argv: FILE EXPORT. Async handlers, handlers that return a value, and (event, context, callback) handlers. */
export const NODE_RUNTIME = String.raw`
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
const [file, name] = process.argv.slice(1);
const out = createWriteStream(null, { fd: 4 });
const send = (m) => out.write(JSON.stringify(m) + '\n');
const failure = (e) => ({ errorType: (e && e.name) || 'Error', errorMessage: e instanceof Error ? e.message : String(e), stackTrace: e instanceof Error && e.stack ? e.stack.split('\n').slice(1).map((l) => l.trim()) : [] });
let fn;
try {
  const mod = await import(pathToFileURL(file).href);
  fn = mod[name] ?? mod.default?.[name];
  if (typeof fn !== 'function') throw Object.assign(new Error(file + ' exports no function "' + name + '"'), { name: 'Runtime.HandlerNotFound' });
} catch (e) {
  send({ init: failure(e) });
  out.end(() => process.exit(1));
}
if (fn) {
  send({ ready: true });
  const lines = createInterface({ input: createReadStream(null, { fd: 3 }) });
  for await (const line of lines) {
    const { id, event, context } = JSON.parse(line);
    const deadline = Date.now() + context.timeoutMs;
    const ctx = { ...context, callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
    try {
      const result = await new Promise((resolve, reject) => {
        const callback = (error, value) => (error ? reject(error) : resolve(value));
        const r = fn(event, ctx, callback);
        if (r && typeof r.then === 'function') r.then(resolve, reject);
        else if (fn.length < 3) resolve(r);
      });
      send({ id, ok: true, result: result === undefined ? null : result });
    } catch (e) {
      send({ id, ok: false, error: failure(e) });
    }
  }
}
`;

/** argv: FILE FUNCTION. The handler's folder is first on sys.path, as the function's root is in Lambda. */
export const PYTHON_RUNTIME = String.raw`
import importlib.util, json, os, sys, time, traceback
path, name = sys.argv[1], sys.argv[2]
inp = os.fdopen(3, 'rb')
out = os.fdopen(4, 'wb')
def send(m):
    out.write((json.dumps(m, default=str) + '\n').encode())
    out.flush()
def failure(e):
    return {'errorType': type(e).__name__, 'errorMessage': str(e), 'stackTrace': traceback.format_tb(e.__traceback__)}
class Context:
    def __init__(self, c):
        self.function_name = c['functionName']
        self.function_version = c['functionVersion']
        self.invoked_function_arn = c['invokedFunctionArn']
        self.memory_limit_in_mb = c['memoryLimitInMB']
        self.aws_request_id = c['awsRequestId']
        self.log_group_name = c['logGroupName']
        self.log_stream_name = c['logStreamName']
        self._deadline = time.time() + c['timeoutMs'] / 1000
    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.time()) * 1000))
try:
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    spec = importlib.util.spec_from_file_location(os.path.splitext(os.path.basename(path))[0], path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    fn = getattr(module, name, None)
    if not callable(fn):
        raise AttributeError(path + ' has no function "' + name + '"')
except BaseException as e:
    send({'init': failure(e)})
    sys.exit(1)
send({'ready': True})
while True:
    line = inp.readline()
    if not line:
        break
    request = json.loads(line)
    try:
        result = fn(request['event'], Context(request['context']))
        send({'id': request['id'], 'ok': True, 'result': result})
    except Exception as e:
        send({'id': request['id'], 'ok': False, 'error': failure(e)})
`;
