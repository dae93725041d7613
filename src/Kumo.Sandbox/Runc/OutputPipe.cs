using System.ComponentModel;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Kumo.Sandbox.Runc;

/// <summary>
/// A pipe that carries a sandbox's stdout or stderr to Kumo, line by line. Kumo keeps a copy of the write end
/// so that it can put a marker in the stream: once the reader meets the marker, every byte the function
/// wrote before the marker was written has been read. That is how an invocation's log is known complete
/// when the runtime posts its response, without waiting an arbitrary time.
/// </summary>
/// <remarks>
/// The function controls what else is in the pipe, so: markers carry a random nonce it cannot know (no forged
/// markers); Kumo writes them through a non-blocking description of its own, outside any lock (a function
/// that fills the pipe cannot block Kumo); and lines are cut at <see cref="MaxLineChars"/> (a function that
/// never writes a newline cannot grow Kumo's memory).
/// </remarks>
internal sealed class OutputPipe : IDisposable
{
    /// <summary>The longest line passed on; longer ones are passed on in pieces.</summary>
    public const int MaxLineChars = 64 * 1024;

    private const int WouldBlock = 11;

    private readonly AnonymousPipeClientStream _reader;
    private readonly Action<string> _onLine;
    private readonly string _markerPrefix = $"\u001fkumo-drain:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}:";
    private readonly Dictionary<long, TaskCompletionSource> _markers = [];
    private readonly Lock _gate = new();
    private readonly FileStream _markerWriter;
    private int _writeFd;
    private long _nextMarker;

    public unsafe OutputPipe(Action<string> onLine)
    {
        var fds = stackalloc int[2];
        if (Posix.Pipe2(fds, Posix.CloseOnExec) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "cannot create a pipe");
        }

        _reader = new AnonymousPipeClientStream(PipeDirection.In, new SafePipeHandle(fds[0], ownsHandle: true));
        _writeFd = fds[1];
        // A description of the write end of our own: non-blocking for Kumo, while the child's stays blocking.
        var markerFd = Posix.Open($"/proc/self/fd/{fds[1]}", Posix.WriteOnly | Posix.NonBlocking | Posix.CloseOnExec);
        if (markerFd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "cannot reopen the pipe's write end");
        }

        _markerWriter = new FileStream(new SafeFileHandle(markerFd, ownsHandle: true), FileAccess.Write, bufferSize: 0);
        _onLine = onLine;
        Completion = Task.Run(ReadAsync);
    }

    /// <summary>The write end, to hand to the child as its stdout or stderr.</summary>
    public int WriteFd => _writeFd;

    /// <summary>Completes when the stream ended: every write end closed and everything read.</summary>
    public Task Completion { get; }

    /// <summary>
    /// Waits until everything written to the pipe before this call has been read and passed on. When the pipe
    /// is full (the function floods it), the marker is retried until <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (Completion.IsCompleted)
        {
            return;
        }

        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long marker;
        lock (_gate)
        {
            marker = _nextMarker++;
            _markers[marker] = reached;
        }

        try
        {
            var bytes = Encoding.ASCII.GetBytes($"{_markerPrefix}{marker}\n");
            while (!TryWriteMarker(bytes))
            {
                await Task.Delay(5, cancellationToken);
            }

            await Task.WhenAny(reached.Task, Completion).WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _markers.Remove(marker);
            }
        }
    }

    /// <summary>Closes Kumo's copies of the write end: once the child's copies close too, the reader ends.</summary>
    public void CloseWriteEnd()
    {
        lock (_gate)
        {
            if (_writeFd >= 0)
            {
                Posix.Close(_writeFd);
                _writeFd = -1;
                _markerWriter.Dispose();
            }
        }
    }

    public void Dispose()
    {
        CloseWriteEnd();
        _reader.Dispose();
    }

    /// <summary>Writes the whole marker at once (it is under PIPE_BUF, so atomic) or nothing, without blocking.</summary>
    private bool TryWriteMarker(byte[] bytes)
    {
        try
        {
            _markerWriter.Write(bytes);
            return true;
        }
        catch (IOException e) when (e.HResult == WouldBlock)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[16 * 1024];
        var line = new StringBuilder();
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        try
        {
            int read;
            while ((read = await _reader.ReadAsync(buffer)) > 0)
            {
                var count = decoder.GetChars(buffer, 0, read, chars, 0);
                for (var i = 0; i < count; i++)
                {
                    if (chars[i] == '\n')
                    {
                        Emit(line.ToString());
                        line.Clear();
                    }
                    else
                    {
                        line.Append(chars[i]);
                        if (line.Length >= MaxLineChars)
                        {
                            // Keep the tail, in case a marker begins there; pass on the rest as a line of its own.
                            var keep = _markerPrefix.Length + 20;
                            _onLine(line.ToString(0, line.Length - keep));
                            line.Remove(0, line.Length - keep);
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The read end was closed under us at disposal.
        }

        if (line.Length > 0)
        {
            _onLine(line.ToString());
        }

        lock (_gate)
        {
            foreach (var waiting in _markers.Values)
            {
                waiting.TrySetResult();
            }
        }
    }

    private void Emit(string text)
    {
        var at = text.IndexOf(_markerPrefix, StringComparison.Ordinal);
        if (at < 0 || !long.TryParse(text.AsSpan(at + _markerPrefix.Length), out var marker))
        {
            _onLine(text.TrimEnd('\r'));
            return;
        }

        if (at > 0)
        {
            // The function wrote a partial line just before the marker: it is still the function's.
            _onLine(text[..at]);
        }

        TaskCompletionSource? reached;
        lock (_gate)
        {
            _markers.TryGetValue(marker, out reached);
        }

        reached?.TrySetResult();
    }
}
