namespace Kumo.Sandbox;

/// <summary>
/// Makes the folder of the sockets sandboxes reach, with its permissions: the sandbox folder is root's alone
/// (0700), so no host user can reach a socket in it; the socket folder inside is 0755, and is bind-mounted
/// read-only at <c>/run/kumo</c> in every sandbox, which needs no path through the sandbox folder.
/// </summary>
internal static class SocketFolder
{
    public static void Prepare(SandboxLayout layout)
    {
        Directory.CreateDirectory(layout.Root);
        File.SetUnixFileMode(layout.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(layout.SocketDirectory);
        File.SetUnixFileMode(layout.SocketDirectory, (UnixFileMode)0b111_101_101);
    }

    /// <summary>
    /// Lets the sandboxes' unprivileged users connect to a socket the host made (0666): connecting needs write
    /// permission on the socket file. Host users still cannot reach it, through the 0700 sandbox folder.
    /// </summary>
    public static void OpenToSandboxes(string socketPath) => File.SetUnixFileMode(socketPath, (UnixFileMode)0b110_110_110);
}
