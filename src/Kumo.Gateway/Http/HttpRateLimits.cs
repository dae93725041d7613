using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Kumo.Abstractions.Http;

namespace Kumo.Gateway.Http;

/// <summary>
/// Token buckets for routes and API keys: a request takes a token from its route's bucket and from its key's;
/// when either is empty it is refused with 429 and the function does not run. Buckets live in this node's
/// memory: on a cluster each node enforces the limit on its own share of the traffic.
/// </summary>
internal sealed class HttpRateLimits : IDisposable
{
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _buckets = new();

    /// <summary>Takes a token from each bucket that applies; false, with when to retry and whose bucket was empty, when one was.</summary>
    public bool TryAcquire(string tenantId, string app, HttpRoute route, HttpApiKey? key, out TimeSpan retryAfter, out RateLimitedBy limitedBy)
    {
        ArgumentNullException.ThrowIfNull(route);
        retryAfter = TimeSpan.Zero;
        limitedBy = RateLimitedBy.Route;
        if (route.RateLimit is { } routeLimit && !TryTake($"route/{tenantId}/{app}/{route.RouteId}", routeLimit, out retryAfter))
        {
            return false;
        }

        limitedBy = RateLimitedBy.ApiKey;
        return key?.RateLimit is not { } keyLimit || TryTake($"key/{tenantId}/{app}/{key.Id}", keyLimit, out retryAfter);
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Dispose();
        }

        _buckets.Clear();
    }

    private bool TryTake(string owner, RateLimit limit, out TimeSpan retryAfter)
    {
        // The limit is part of the bucket's name: a changed limit starts a fresh bucket.
        var name = string.Create(CultureInfo.InvariantCulture, $"{owner}/{limit.Rate}/{limit.Burst}");
        var bucket = _buckets.GetOrAdd(name, _ => Create(limit));
        using var lease = bucket.AttemptAcquire();
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Period(limit).Period;
        return false;
    }

    private static TokenBucketRateLimiter Create(RateLimit limit)
    {
        var (period, tokens) = Period(limit);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limit.Burst),
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// Whole tokens per period for a rate that may be fractional: one token every 1/rate seconds up to 10 a second,
    /// then a tenth of the rate every 100 ms.
    /// </summary>
    private static (TimeSpan Period, int Tokens) Period(RateLimit limit) =>
        limit.Rate <= 10
            ? (TimeSpan.FromSeconds(1 / Math.Max(limit.Rate, 0.001)), 1)
            : (TimeSpan.FromMilliseconds(100), (int)Math.Round(limit.Rate / 10));
}

/// <summary>Which limit refused a request.</summary>
internal enum RateLimitedBy
{
    Route,
    ApiKey,
}
