namespace Kumo.Sandbox.Oci;

/// <summary>Who a sandbox runs as, and the host facts its limits depend on.</summary>
/// <param name="UserId">The sandbox's own uid (and gid).</param>
/// <param name="PasswdFile">The host file mounted at <c>/etc/passwd</c>, naming <paramref name="UserId"/>.</param>
/// <param name="GroupFile">The host file mounted at <c>/etc/group</c>.</param>
/// <param name="LimitSwap">Whether the host's cgroups can limit swap (v1 without swap accounting cannot).</param>
/// <param name="MarkerNonce">The nonce of the markers kumo-init writes into the output when the runtime answers.</param>
/// <param name="Credentials">The placeholder AWS credentials the function finds in its environment.</param>
/// <param name="ResolvConfFile">For a sandbox with outbound network, the host file mounted at <c>/etc/resolv.conf</c>.</param>
internal sealed record SandboxIdentity(
    int UserId, string PasswdFile, string GroupFile, bool LimitSwap, string MarkerNonce, SandboxCredentials Credentials, string? ResolvConfFile = null);
