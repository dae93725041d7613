using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Kumo.FunctionalTests.Async;

/// <summary>Reads a function's invocation records through the native API, following its pages back in time.</summary>
internal static class InvocationRecords
{
    /// <summary>The most the native API returns at once.</summary>
    private const int PageSize = 1000;

    /// <summary>How many records the function has, counting up to <paramref name="atMost"/>: one cheap page.</summary>
    public static async Task<int> CountAsync(HttpClient http, string functionName, int atMost)
    {
        var page = await http.GetFromJsonAsync<JsonElement>($"/_kumo/v1/invocations?function={functionName}&limit={atMost}");
        return page.GetProperty("invocations").GetArrayLength();
    }

    /// <summary>
    /// Every record of the function. Pages are newest first and <c>until</c> is exclusive, so each next page asks for
    /// records until just after the oldest one seen: records that started at that same instant are not skipped, and
    /// the ones seen twice are counted once.
    /// </summary>
    public static async Task<IReadOnlyList<RecordedRun>> ListAllAsync(HttpClient http, string functionName)
    {
        var runs = new Dictionary<(string RequestId, int? Attempt, DateTimeOffset StartedAt), RecordedRun>();
        DateTimeOffset? until = null;
        while (true)
        {
            var query = $"/_kumo/v1/invocations?function={functionName}&limit={PageSize}";
            if (until is { } time)
            {
                query += "&until=" + Uri.EscapeDataString(time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            }

            var page = (await http.GetFromJsonAsync<JsonElement>(query)).GetProperty("invocations").EnumerateArray().Select(RecordedRun.Read).ToList();
            foreach (var run in page)
            {
                runs.TryAdd((run.RequestId, run.Attempt, run.StartedAt), run);
            }

            if (page.Count < PageSize)
            {
                return [.. runs.Values];
            }

            var next = page.Min(r => r.StartedAt).AddTicks(1);
            if (until is { } previous && next >= previous)
            {
                throw new InvalidOperationException($"more than {PageSize} records of {functionName} started at {next.AddTicks(-1):O}: they cannot be paged");
            }

            until = next;
        }
    }
}
