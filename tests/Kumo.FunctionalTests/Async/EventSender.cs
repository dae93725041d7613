using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Kumo.FunctionalTests.Async;

/// <summary>
/// Sends asynchronous events (<c>X-Amz-Invocation-Type: Event</c>) to one function, many at once, and keeps what
/// became of each: the request id of every event the server accepted (202), and every other answer or failure.
/// </summary>
internal sealed class EventSender(HttpClient http, string functionName)
{
    private readonly ConcurrentDictionary<string, int> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<EventRefusal> _refused = [];
    private int _acceptedCount;

    /// <summary>The request ids of the accepted events, each with the event's index.</summary>
    public IReadOnlyDictionary<string, int> Accepted => _accepted;

    /// <summary>The events that were not accepted, in order.</summary>
    public IReadOnlyList<EventRefusal> Refused => [.. _refused.OrderBy(r => r.Index)];

    /// <summary>
    /// Sends events 0 to <paramref name="count"/> − 1 with payload <c>{"n": index}</c>, <paramref name="concurrency"/> at a
    /// time, and calls <paramref name="accepted"/> with the running count of accepted events after each 202.
    /// </summary>
    public async Task SendAsync(int count, int concurrency, Action<int> accepted)
    {
        var next = -1;
        var senders = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                if (await SendOneAsync(index) is not null)
                {
                    accepted(Interlocked.Increment(ref _acceptedCount));
                }
            }
        });
        await Task.WhenAll(senders);
    }

    private async Task<string?> SendOneAsync(int index)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2015-03-31/functions/{functionName}/invocations")
        {
            Content = new StringContent($$"""{"n":{{index}}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Amz-Invocation-Type", "Event");
        try
        {
            using var response = await http.SendAsync(request);
            var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var values) ? values.FirstOrDefault() : null;
            if (response.StatusCode == HttpStatusCode.Accepted && !string.IsNullOrEmpty(requestId))
            {
                _accepted[requestId] = index;
                return requestId;
            }

            var body = await response.Content.ReadAsStringAsync();
            var reason = response.StatusCode == HttpStatusCode.Accepted ? "202 without an x-amzn-RequestId header" : body;
            _refused.Add(new EventRefusal(index, (int)response.StatusCode, reason));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            // A call cut by the kill, or refused by a server that is gone: not accepted, which is allowed.
            var cause = e.InnerException?.Message is { } inner ? $" ({inner})" : "";
            _refused.Add(new EventRefusal(index, null, $"{e.GetType().Name}: {e.Message}{cause}"));
        }

        return null;
    }
}
