using System.Collections.Concurrent;
using Kumo.Abstractions.Http;

namespace Kumo.Gateway.Http.Routing;

/// <summary>
/// The route tables of apps (with their settings), kept in memory. Changes made through this node are seen at once
/// (<see cref="Invalidate"/>); changes made elsewhere are seen within <see cref="CheckInterval"/>, when the
/// store's change counter moved.
/// </summary>
internal sealed class RouteCache(IRouteStore store, IHttpAppStore apps, TimeProvider time)
{
    /// <summary>How often the store's change counter is read.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<(string Tenant, string App), Task<RouteTable>> _tables = new();
    private readonly SemaphoreSlim _check = new(1, 1);
    private long _version = -1;
    // UTC ticks of the last check, read and written atomically: requests read it without the lock.
    private long _checkedAtTicks = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>The app's route table (empty when the app has no routes).</summary>
    public async Task<RouteTable> GetAsync(string tenantId, string app, CancellationToken cancellationToken)
    {
        await RefreshIfChangedAsync(cancellationToken);
        var load = _tables.GetOrAdd((tenantId, app), key => LoadAsync(key.Tenant, key.App));
        try
        {
            return await load.WaitAsync(cancellationToken);
        }
        catch (Exception) when (load.IsFaulted)
        {
            // A failed read is not kept: the next request reads again.
            _tables.TryRemove(new KeyValuePair<(string, string), Task<RouteTable>>((tenantId, app), load));
            throw;
        }
    }

    /// <summary>Forgets every table: routes changed.</summary>
    public void Invalidate()
    {
        _tables.Clear();
        Interlocked.Exchange(ref _checkedAtTicks, DateTimeOffset.MinValue.UtcTicks);
    }

    private async Task RefreshIfChangedAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow().UtcTicks - Interlocked.Read(ref _checkedAtTicks) < CheckInterval.Ticks)
        {
            return;
        }

        await _check.WaitAsync(cancellationToken);
        try
        {
            if (time.GetUtcNow().UtcTicks - Interlocked.Read(ref _checkedAtTicks) < CheckInterval.Ticks)
            {
                return;
            }

            var version = await store.GetVersionAsync(cancellationToken);
            if (version != Interlocked.Read(ref _version))
            {
                _tables.Clear();
                Interlocked.Exchange(ref _version, version);
            }

            Interlocked.Exchange(ref _checkedAtTicks, time.GetUtcNow().UtcTicks);
        }
        finally
        {
            _check.Release();
        }
    }

    private async Task<RouteTable> LoadAsync(string tenantId, string app) =>
        new(await store.ListAsync(tenantId, app, CancellationToken.None), await apps.GetAsync(tenantId, app, CancellationToken.None));
}
