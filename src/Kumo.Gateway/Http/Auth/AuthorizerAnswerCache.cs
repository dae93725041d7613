using System.Text;

namespace Kumo.Gateway.Http.Auth;

/// <summary>
/// The answers of Lambda authorisers, each kept until its time to live ends; past <see cref="Capacity"/>, the one
/// kept longest goes. An answer is kept rather than a decision, so a policy is evaluated again for each request's ARN.
/// </summary>
internal sealed class AuthorizerAnswerCache(TimeProvider time)
{
    private readonly Dictionary<string, (LinkedListNode<string> Node, AuthorizerAnswer Answer, DateTimeOffset Expires)> _entries =
        new(StringComparer.Ordinal);

    private readonly LinkedList<string> _order = new();
    private readonly Lock _lock = new();

    /// <summary>How many answers are kept at most.</summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>The key of <paramref name="parts"/>, each prefixed by its length so that no two lists make the same key.</summary>
    public static string Key(IEnumerable<string> parts)
    {
        var key = new StringBuilder();
        foreach (var part in parts)
        {
            key.Append(part.Length).Append(':').Append(part);
        }

        return key.ToString();
    }

    /// <summary>The answer kept under <paramref name="key"/>; null when there is none or its time is up.</summary>
    public AuthorizerAnswer? Get(string key)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return null;
            }

            if (time.GetUtcNow() < entry.Expires)
            {
                return entry.Answer;
            }

            _entries.Remove(key);
            _order.Remove(entry.Node);
            return null;
        }
    }

    /// <summary>Keeps <paramref name="answer"/> under <paramref name="key"/> for <paramref name="ttl"/>.</summary>
    public void Remember(string key, AuthorizerAnswer answer, TimeSpan ttl)
    {
        lock (_lock)
        {
            if (_entries.Remove(key, out var previous))
            {
                _order.Remove(previous.Node);
            }

            while (_entries.Count >= Capacity && _order.First is { } oldest)
            {
                _entries.Remove(oldest.Value);
                _order.RemoveFirst();
            }

            _entries[key] = (_order.AddLast(key), answer, time.GetUtcNow() + ttl);
        }
    }
}
