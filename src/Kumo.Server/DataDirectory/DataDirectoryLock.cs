using System.Globalization;
using Kumo.Server.Configuration;

namespace Kumo.Server.DataDirectory;

/// <summary>
/// Holds <c>kumo.lock</c> in the data directory for as long as a server uses it, so that a second server on
/// the same directory stops at once instead of corrupting it. The lock is an exclusive flock(2), which
/// the kernel drops when the process dies: a crash never leaves a stale lock.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "kumo.lock";

    // EWOULDBLOCK: .NET reports a held flock as an IOException with this HResult.
    private const int LockHeldByAnother = 11;

    private readonly FileStream _lockFile;

    private DataDirectoryLock(string directory, FileStream lockFile)
    {
        Directory = directory;
        _lockFile = lockFile;
    }

    public string Directory { get; }

    public static DataDirectoryLock Acquire(string directory)
    {
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var lockFile = new FileStream(Path.Combine(directory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            lockFile.SetLength(0);
            lockFile.Write(System.Text.Encoding.UTF8.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            lockFile.Flush();
            return new DataDirectoryLock(directory, lockFile);
        }
        catch (IOException e) when (e.HResult == LockHeldByAnother)
        {
            var holder = ServerInfoFile.TryReadFrom(directory);
            var who = holder is null ? "another Kumo server" : $"another Kumo server (pid {holder.ProcessId}, at {holder.Endpoint})";
            throw new KumoStartupException(
                $"data directory '{directory}' is in use by {who}. Stop that server first, " +
                $"or choose another data directory with {ServerSetting.DataDir.Flag} or {ServerSetting.DataDir.EnvironmentVariable}.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KumoStartupException(
                $"data directory '{directory}' cannot be created or written ({e.Message}). " +
                $"Choose a directory Kumo may write with {ServerSetting.DataDir.Flag} or {ServerSetting.DataDir.EnvironmentVariable}.", e);
        }
    }

    public void Dispose() => _lockFile.Dispose();
}
