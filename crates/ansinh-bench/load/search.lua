-- wrk script: person search over HTTP with a signed-in session, cycling through realistic
-- queries (full names, surname + middle name, given names, personal-ID prefixes).
-- The session cookie comes from the environment: ANSINH_COOKIE="ansinh_session=…".
local queries = {
  "nguyen+thi+ai+van", "tran+van", "le+thi+huong", "pham", "hoang+minh", "phan+thi+thu",
  "vo+van+hung", "dang", "bui+thi+lan", "do+van", "ho+thi", "ngo+quang", "duong+thi+mai",
  "ton+nu", "ton+that", "huong", "anh", "van", "linh", "dung", "minh", "hoa", "046",
  "nguyen+van+nam", "tran+thi+kim", "le+van+tuan", "nguyen+phuc", "kray", "a+viet", "ho+van",
}
local cookie = os.getenv("ANSINH_COOKIE") or ""
local i = 0
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]
  return wrk.format("GET", "/nhan-khau?q=" .. q, { ["Cookie"] = cookie })
end
done = function(summary, latency, requests)
  io.write(string.format("requests=%d errors=%d non2xx=%d rps=%.0f p50=%.2fms p99=%.2fms max=%.2fms\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout, summary.errors.status,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
