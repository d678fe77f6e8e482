-- wrk script: person search over HTTP with a signed-in session, cycling through realistic
-- queries (full names, surname + middle name, given names, personal-ID prefixes).
-- The session cookie comes from the environment: ANSINH_COOKIE="ansinh_session=…".
-- 30 fixed queries plus 2,400 generated ones (surname × middle name × given name, in full,
-- as surname + middle, and as given name alone), so that the run does not replay a handful of
-- hot pages.
local queries = {
  "nguyen+thi+ai+van", "tran+van", "le+thi+huong", "pham", "hoang+minh", "phan+thi+thu",
  "vo+van+hung", "dang", "bui+thi+lan", "do+van", "ho+thi", "ngo+quang", "duong+thi+mai",
  "ton+nu", "ton+that", "huong", "anh", "van", "linh", "dung", "minh", "hoa", "046",
  "nguyen+van+nam", "tran+thi+kim", "le+van+tuan", "nguyen+phuc", "kray", "a+viet", "ho+van",
}
local surnames = { "nguyen", "tran", "le", "pham", "hoang", "phan", "vo", "dang", "bui", "do",
  "ho", "ngo", "duong", "ly", "truong", "huynh" }
local middles = { "van", "thi", "dinh", "quang", "minh", "ngoc", "huu", "thanh", "xuan", "duc" }
local givens = { "an", "binh", "cuong", "dung", "giang", "ha", "hai", "hanh", "hieu", "hoa",
  "hung", "huong", "khoa", "lan", "linh", "long", "mai", "nam", "phuong", "quan" }
for _, s in ipairs(surnames) do
  for _, m in ipairs(middles) do
    for k, g in ipairs(givens) do
      if k % 3 == 0 then
        table.insert(queries, s .. "+" .. m)
      elseif k % 3 == 1 then
        table.insert(queries, s .. "+" .. m .. "+" .. g)
      else
        table.insert(queries, g)
      end
    end
  end
end
for d = 0, 99 do
  table.insert(queries, string.format("0461%02d", d))
end
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
