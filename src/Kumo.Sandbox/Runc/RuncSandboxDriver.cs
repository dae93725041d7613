using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Abstractions.Status;
using Kumo.Sandbox.Cgroups;
using Kumo.Sandbox.Invocations;
using Kumo.Sandbox.Mounts;
using Kumo.Sandbox.Oci;
using Kumo.Sandbox.Rootfs;
using Kumo.Sandbox.RuntimeApi;
using Kumo.Sandbox.Runtimes;
using Microsoft.Extensions.Logging;

namespace Kumo.Sandbox.Runc;

/// <summary>
/// Runs sandboxes as OCI containers with <c>runc</c>: prepares the shared root file system, serves the Runtime
/// API, and on start-up and disposal removes every container, cgroup and bundle it made.
/// </summary>
internal sealed partial class RuncSandboxDriver(
    SandboxOptions options,
    SandboxLayout layout,
    RuntimeCatalog catalog,
    ILogger<RuncSandboxDriver> logger) : ISandboxDriver, ISandboxStatus, IAsyncDisposable
{
    private readonly SandboxRegistry _registry = new();
    private readonly ConcurrentDictionary<string, RuncSandbox> _live = new(StringComparer.Ordinal);
    private readonly HostFilesystem _host = HostFilesystem.Inspect();
    private readonly SandboxUserPool _users = new();
    private RuntimeApiServer? _api;
    private RuncCommand? _runc;
    private string? _slirp;

    public string Name => "runc";

    public bool Isolates => true;

    public SandboxOptions Options => options;

    public SandboxLayout Layout => layout;

    /// <summary>The runtimes this machine runs.</summary>
    public RuntimeCatalog Catalog => catalog;

    public CgroupFiles Cgroups { get; } = new();

    public RuncCommand Runc => _runc ?? throw new InvalidOperationException("the runc driver is not initialised");

    /// <summary>The sandboxes alive now.</summary>
    public int LiveCount => _live.Count;

    /// <summary>The live sandbox (or stem cell) with this id, if any.</summary>
    internal RuncSandbox? LiveSandbox(string id) => _live.GetValueOrDefault(id);

    /// <summary>The live sandboxes' sessions, by which the host tells which sandbox a connection comes from.</summary>
    internal SandboxRegistry Registry => _registry;

    public SandboxDescription Describe() => new(Name, Isolates, LiveCount, [.. catalog.Identifiers]);

    /// <summary>Checks runc and the runtime files, removes what an earlier run left behind, and starts the Runtime API.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new SandboxException("Kumo must run as root to run sandboxes (runc creates their namespaces and cgroups): start it as root, e.g. with sudo");
        }

        var runc = FindExecutable(options.RuncPath)
            ?? throw new SandboxException($"runc is not installed ('{options.RuncPath}' is not on PATH): install the Debian package runc (./kumo up installs it)");
        var initPath = Path.Combine(layout.RuntimeDirectory, "kumo-init");
        if (!File.Exists(initPath))
        {
            throw new SandboxException($"kumo-init is missing from {layout.RuntimeDirectory}: build Kumo again (dotnet build)");
        }

        // Only root may reach the sandboxes' files and sockets from the host; inside a sandbox the sockets are
        // bind-mounted, which needs no path through here.
        SocketFolder.Prepare(layout);
        Directory.CreateDirectory(layout.RuncState);
        Directory.CreateDirectory(layout.Bundles);
        _runc = new RuncCommand(runc, layout.RuncState);
        _slirp = FindExecutable(options.Slirp4netnsPath);
        _stemCells = Posix.HasMountSetattr();
        await RemoveLeftoversAsync(cancellationToken);
        RootFilesystem.Prepare(layout.RootFilesystem, _host);
        _api = await RuntimeApiServer.StartAsync(layout.RuntimeSocket, _registry, cancellationToken);
    }

    public async Task<ISandbox> CreateAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (_api is null)
        {
            throw new InvalidOperationException("the runc driver is not initialised");
        }

        if (spec.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(spec));
        }

        var runtime = catalog.Find(spec.Runtime, out var problem) ?? throw new ArgumentException(problem, nameof(spec));
        if (!Directory.Exists(spec.CodeDirectory))
        {
            throw new ArgumentException($"the code directory {spec.CodeDirectory} does not exist", nameof(spec));
        }

        if (spec.OutboundNetwork && _slirp is null)
        {
            throw new SandboxException($"outbound network needs slirp4netns, which is not installed ('{options.Slirp4netnsPath}' is not on PATH): install the Debian package slirp4netns (./kumo up installs it)");
        }

        var id = NewId();
        var logStream = $"{DateTime.UtcNow:yyyy/MM/dd}/[{spec.Version}]{id}";
        var sandbox = await StartAsync(
            id,
            spec,
            identity => OciConfig.Build(id, spec, runtime, layout, _host, logStream, identity, RuntimeInformation.ProcessArchitecture),
            cancellationToken);
        LogCreated(logger, id, spec.FunctionName, spec.Runtime);
        return sandbox;
    }

    /// <summary>
    /// Writes a sandbox's bundle — passwd and group files, a stem's code slot, <c>config.json</c> from
    /// <paramref name="buildConfig"/> — registers its session and starts <c>runc run</c>. Returns at once; the
    /// runtime starts in the background. What was made is removed again when a step fails. A null
    /// <paramref name="spec"/> makes a stem cell.
    /// </summary>
    private async Task<RuncSandbox> StartAsync(string id, SandboxSpec? spec, Func<SandboxIdentity, JsonObject> buildConfig, CancellationToken cancellationToken)
    {
        var createdAt = Stopwatch.GetTimestamp();
        var stem = spec is null;
        var outboundNetwork = spec?.OutboundNetwork == true;
        var bundle = layout.BundleOf(id);
        Directory.CreateDirectory(bundle);
        var userId = _users.Rent();
        var identity = new SandboxIdentity(
            userId,
            Path.Combine(bundle, "passwd"),
            Path.Combine(bundle, "group"),
            Cgroups.CanLimitSwap,
            Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            SandboxCredentials.Generate(),
            outboundNetwork ? Path.Combine(bundle, "resolv.conf") : null);
        TaskSlot? slot = null;
        try
        {
            if (stem)
            {
                slot = TaskSlot.Prepare(layout.SlotOf(id));
            }

            await File.WriteAllTextAsync(identity.PasswdFile, SandboxUser.Passwd(userId), cancellationToken);
            await File.WriteAllTextAsync(identity.GroupFile, SandboxUser.Group(userId), cancellationToken);
            if (identity.ResolvConfFile is { } resolvConf)
            {
                await File.WriteAllTextAsync(resolvConf, SandboxNetwork.ResolvConf, cancellationToken);
            }

            var config = buildConfig(identity);
            await File.WriteAllBytesAsync(Path.Combine(bundle, "config.json"), JsonSerializer.SerializeToUtf8Bytes(config), cancellationToken);
        }
        catch
        {
            _users.Return(userId);
            MountedFolders.Delete(bundle);
            throw;
        }

        var session = new SandboxSession(id, Path.Combine(bundle, "init.pid"), stem);
        var output = new SandboxOutput(options.MaxLogBytesPerInvocation);
        var stdout = new OutputPipe(identity.MarkerNonce, output.Append);
        var stderr = new OutputPipe(identity.MarkerNonce, output.Append);
        _registry.Add(session);
        try
        {
            var process = SpawnedProcess.Start(
                Runc.RuncPath,
                [.. Runc.GlobalArguments, "--log", Path.Combine(bundle, "runc.log"), "--log-format", "json", "run", "--keep", "--pid-file", Path.Combine(bundle, "init.pid"), "--bundle", bundle, id],
                stdout.WriteFd,
                stderr.WriteFd);
            // runc and the sandbox hold the write ends now; once they are gone, the readers see the end.
            stdout.CloseWriteEnd();
            stderr.CloseWriteEnd();
            // The network is plugged in once runc has made the namespace; kumo-init waits for its route.
            var network = outboundNetwork
                ? SandboxNetwork.AttachAsync(_slirp!, Path.Combine(bundle, "init.pid"), process.Exited)
                : null;
            var sandbox = new RuncSandbox(id, spec, this, session, process, stdout, stderr, output, bundle, createdAt, userId, network, slot);
            _live[id] = sandbox;
            return sandbox;
        }
        catch
        {
            _registry.Remove(id);
            _users.Return(userId);
            stdout.Dispose();
            stderr.Dispose();
            MountedFolders.Delete(bundle);
            throw;
        }
    }

    private static string NewId() => "kumo-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Called by a sandbox once it is gone.</summary>
    internal void Forget(RuncSandbox sandbox)
    {
        _registry.Remove(sandbox.Id);
        if (_live.TryRemove(sandbox.Id, out _))
        {
            _users.Return(sandbox.UserId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sandbox in _live.Values)
        {
            try
            {
                await sandbox.DisposeAsync();
            }
            catch (SandboxException e)
            {
                // The next start removes what is left; the rest must still be stopped now.
                LogDisposeFailed(logger, sandbox.Id, e.Message);
            }
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
            _api = null;
            File.Delete(layout.RuntimeSocket);
        }

        foreach (var parent in Cgroups.AllDirectories(layout.CgroupParent).Where(Directory.Exists))
        {
            try
            {
                Directory.Delete(parent);
            }
            catch (IOException e)
            {
                LogLeftoverCgroupKept(logger, parent, e.Message);
            }
        }
    }

    private async Task RemoveLeftoversAsync(CancellationToken cancellationToken)
    {
        // Stem cells' code slots and the code on them, first: nothing below may delete through a mount.
        if (MountedFolders.UnmountAll(layout.Bundles) is { } failure)
        {
            LogLeftoverMountKept(logger, layout.Bundles, failure);
        }

        foreach (var id in await Runc.ListAsync(cancellationToken))
        {
            await Runc.KillAsync(id, cancellationToken);
            await Runc.DeleteAsync(id, cancellationToken);
            LogLeftoverRemoved(logger, id);
        }

        foreach (var bundle in Directory.EnumerateDirectories(layout.Bundles))
        {
            if (DeleteLeftoverBundle(bundle) is { } reason)
            {
                // A bundle that stays costs some disk; refusing to start would cost every function.
                LogLeftoverBundleKept(logger, bundle, reason);
            }
        }

        foreach (var directory in Cgroups.AllDirectories(layout.CgroupParent).Where(Directory.Exists))
        {
            foreach (var leftover in Directory.EnumerateDirectories(directory))
            {
                try
                {
                    // An empty cgroup is removed with rmdir; one that still holds processes refuses, and stays visible.
                    Directory.Delete(leftover);
                }
                catch (IOException e)
                {
                    LogLeftoverCgroupKept(logger, leftover, e.Message);
                }
            }
        }
    }

    /// <summary>Deletes a bundle an earlier run left behind, or says why it could not: it never throws.</summary>
    internal static string? DeleteLeftoverBundle(string bundle)
    {
        try
        {
            MountedFolders.Delete(bundle);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    private static string? FindExecutable(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }

    [LoggerMessage(EventId = EventIds.SandboxCreated, Level = LogLevel.Debug, Message = "Sandbox {Id} created for {Function} ({Runtime})")]
    private static partial void LogCreated(ILogger logger, string id, string function, string runtime);

    [LoggerMessage(EventId = EventIds.LeftoverRemoved, Level = LogLevel.Warning, Message = "Removed sandbox {Id} left behind by an earlier run")]
    private static partial void LogLeftoverRemoved(ILogger logger, string id);

    [LoggerMessage(EventId = EventIds.LeftoverCgroupKept, Level = LogLevel.Warning, Message = "Could not remove the cgroup {Path} left behind by an earlier run: {Reason}")]
    private static partial void LogLeftoverCgroupKept(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = EventIds.LeftoverMountKept, Level = LogLevel.Warning, Message = "Could not unmount what an earlier run left mounted under {Path}: {Reason}")]
    private static partial void LogLeftoverMountKept(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = EventIds.LeftoverBundleKept, Level = LogLevel.Warning, Message = "Could not delete the sandbox bundle {Path} left behind by an earlier run, which is kept: {Reason}")]
    private static partial void LogLeftoverBundleKept(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = EventIds.DisposeFailed, Level = LogLevel.Error, Message = "Sandbox {Id} was not removed cleanly: {Reason}")]
    private static partial void LogDisposeFailed(ILogger logger, string id, string reason);
}
