namespace Kumo.Sandbox.Oci;

/// <summary>
/// The unprivileged user a sandbox runs as: named <c>sbx_user1051</c> as on AWS Lambda, but with a uid and gid
/// of its own per sandbox, far above any host account or subordinate-id range. Per-user kernel limits
/// (inotify instances, message queues, pipe buffers) then belong to one sandbox, not to all of them, and no
/// host account can own a sandbox's processes or files.
/// </summary>
internal static class SandboxUser
{
    public const string Name = "sbx_user1051";

    /// <summary>The uid (and gid) of slot 0; slot N runs as FirstId + N.</summary>
    public const int FirstId = 2_000_000_000;

    /// <summary>How many sandboxes may run at once on one node.</summary>
    public const int Slots = 100_000;

    public static string Passwd(int id) => $"""
        root:x:0:0:root:/root:/sbin/nologin
        {Name}:x:{id}:{id}::/tmp:/sbin/nologin
        nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin

        """;

    public static string Group(int id) => $"""
        root:x:0:
        {Name}:x:{id}:
        nogroup:x:65534:

        """;
}
