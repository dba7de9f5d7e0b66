-- wrk script: requests taken in turn from a file, "METHOD<TAB>PATH<TAB>BODY" per line,
-- with the session cookie given as the second argument; prints one JSON line at the end.
-- Run with one thread (-t1) so each line is sent once per pass over the file.
local requests = {}
local counter = 0
local cookie = ""

function init(args)
  cookie = args[2] or ""
  for line in io.lines(args[1]) do
    local method, path, body = line:match("^(%u+)\t([^\t]*)\t?(.*)$")
    if method then
      table.insert(requests, { method, path, body })
    end
  end
end

function request()
  counter = counter + 1
  local r = requests[((counter - 1) % #requests) + 1]
  local headers = {}
  if cookie ~= "" then
    headers["Cookie"] = cookie
  end
  local body = nil
  if r[1] == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    body = r[3]
  end
  return wrk.format(r[1], r[2], headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "status_errors": %d, ' ..
    '"socket_errors": %d, "timeouts": %d, "p50": %d, "p95": %d, "p99": %d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
