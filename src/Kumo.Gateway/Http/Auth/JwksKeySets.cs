using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Kumo.Gateway.Http.Auth;

/// <summary>
/// The JWKS documents the JWT authorisers use, each loaded by <see cref="JwksReader"/> when first needed. One at a
/// URL is kept for <see cref="CacheFor"/> and fetched again at once for a token whose <c>kid</c> it lacks (at most
/// every <see cref="UnknownKidRefetchEvery"/>); if fetching it again fails, the keys it had stay in use. One in a
/// file is kept until the file's last-write time changes. A load that failed is not tried (or logged) again for
/// <see cref="RetryFailedLoadAfter"/>.
/// </summary>
internal sealed partial class JwksKeySets(JwksReader reader, TimeProvider time, ILogger logger)
{
    /// <summary>How long a JWKS fetched from a URL is used before it is fetched again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    /// <summary>How often a token whose <c>kid</c> the JWKS lacks may cause the JWKS to be fetched again.</summary>
    public static readonly TimeSpan UnknownKidRefetchEvery = TimeSpan.FromMinutes(1);

    /// <summary>How long a JWKS that could not be loaded is not tried (or logged) again.</summary>
    public static readonly TimeSpan RetryFailedLoadAfter = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, JwksKeySet> _keySets = new(StringComparer.Ordinal);

    /// <summary>The signing keys of the JWKS at <paramref name="source"/>, loading it when needed; null when it cannot be had.</summary>
    public async Task<IList<SecurityKey>?> KeysAsync(string source, string kid, CancellationToken cancellationToken)
    {
        var set = _keySets.GetOrAdd(source, _ => new JwksKeySet());
        var url = JwksReader.Url(source, out var path);
        var writtenAt = url is null ? File.GetLastWriteTimeUtc(path) : default;
        var current = set.State;
        if (!NeedsLoad(current, url is not null, writtenAt, kid, time.GetUtcNow(), out _))
        {
            return current.Keys;
        }

        await set.Gate.WaitAsync(cancellationToken);
        try
        {
            var state = set.State;
            var now = time.GetUtcNow();
            if (!NeedsLoad(state, url is not null, writtenAt, kid, now, out var forKid))
            {
                return state.Keys;
            }

            var refetchedForKidAt = forKid ? now : state.RefetchedForKidAt;
            var (keys, problem) = url is null ? await JwksReader.ReadFileAsync(path, cancellationToken) : await reader.FetchAsync(url, cancellationToken);
            if (keys is not null)
            {
                set.State = new JwksKeySetState(keys, now, writtenAt, DateTimeOffset.MinValue, refetchedForKidAt);
                return keys;
            }

            if (url is not null && state.Keys is { } stale)
            {
                // A JWKS server that is briefly down should not lock every caller out; a file's content is the truth.
                LogJwksRefreshFailed(logger, source, stale.Count, problem);
                set.State = state with { FailedAt = now, RefetchedForKidAt = refetchedForKidAt };
                return stale;
            }

            LogJwksUnavailable(logger, source, problem);
            set.State = new JwksKeySetState(null, state.LoadedAt, writtenAt, now, refetchedForKidAt);
            return null;
        }
        finally
        {
            set.Gate.Release();
        }
    }

    private static bool NeedsLoad(JwksKeySetState state, bool isUrl, DateTime writtenAt, string kid, DateTimeOffset now, out bool forKid)
    {
        forKid = false;
        var failedRecently = now - state.FailedAt < RetryFailedLoadAfter;
        if (!isUrl)
        {
            return state.WrittenAt != writtenAt || (state.Keys is null && !failedRecently);
        }

        if (failedRecently)
        {
            return false;
        }

        if (state.Keys is null || now - state.LoadedAt >= CacheFor)
        {
            return true;
        }

        forKid = !string.IsNullOrEmpty(kid)
            && !state.Keys.Any(key => string.Equals(key.KeyId, kid, StringComparison.Ordinal))
            && now - state.RefetchedForKidAt >= UnknownKidRefetchEvery;
        return forKid;
    }

    [LoggerMessage(EventId = HttpEventIds.JwksUnavailable, Level = LogLevel.Warning,
        Message = "The JWKS {Source} could not be loaded, so tokens signed with its keys are refused: {Problem}")]
    private static partial void LogJwksUnavailable(ILogger logger, string source, string problem);

    [LoggerMessage(EventId = HttpEventIds.JwksRefreshFailed, Level = LogLevel.Warning,
        Message = "The JWKS {Source} could not be loaded again, so the {KeyCount} keys loaded before stay in use: {Problem}")]
    private static partial void LogJwksRefreshFailed(ILogger logger, string source, int keyCount, string problem);
}
