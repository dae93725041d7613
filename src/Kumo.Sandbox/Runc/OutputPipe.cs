using System.ComponentModel;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Kumo.Sandbox.Runc;

/// <summary>
/// A pipe that carries a sandbox's stdout or stderr to Kumo, line by line. Kumo keeps a copy of the write end
/// so that it can put a marker in the stream: once the reader meets the marker, every byte the function
/// wrote before the marker was written has been read. That is how an invocation's log is known complete
/// when the runtime posts its response, without waiting an arbitrary time.
/// </summary>
internal sealed class OutputPipe : IDisposable
{
    private const string MarkerPrefix = "\u001fkumo-drain:";

    private readonly AnonymousPipeClientStream _reader;
    private readonly Action<string> _onLine;
    private readonly Dictionary<long, TaskCompletionSource> _markers = [];
    private readonly Lock _gate = new();
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
        _onLine = onLine;
        Completion = Task.Run(ReadAsync);
    }

    /// <summary>The write end, to hand to the child as its stdout or stderr.</summary>
    public int WriteFd => _writeFd;

    /// <summary>Completes when the stream ended: every write end closed and everything read.</summary>
    public Task Completion { get; }

    /// <summary>Waits until everything written to the pipe before this call has been read and passed on.</summary>
    public unsafe Task DrainAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource reached;
        long marker;
        lock (_gate)
        {
            if (_writeFd < 0 || Completion.IsCompleted)
            {
                return Completion;
            }

            marker = _nextMarker++;
            reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _markers[marker] = reached;
            // A write of up to PIPE_BUF bytes is atomic: the marker never interleaves with the function's output.
            var bytes = Encoding.ASCII.GetBytes($"{MarkerPrefix}{marker}\n");
            fixed (byte* data = bytes)
            {
                if (Posix.Write(_writeFd, data, bytes.Length) != bytes.Length)
                {
                    _markers.Remove(marker);
                    return Task.CompletedTask;
                }
            }
        }

        return Task.WhenAny(reached.Task, Completion).Unwrap().WaitAsync(cancellationToken);
    }

    /// <summary>Closes Kumo's copy of the write end: once the child's copies close too, the reader ends.</summary>
    public void CloseWriteEnd()
    {
        lock (_gate)
        {
            if (_writeFd >= 0)
            {
                Posix.Close(_writeFd);
                _writeFd = -1;
            }
        }
    }

    public void Dispose()
    {
        CloseWriteEnd();
        _reader.Dispose();
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
                        Emit(line);
                    }
                    else
                    {
                        line.Append(chars[i]);
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

            _markers.Clear();
        }
    }

    private void Emit(StringBuilder line)
    {
        var text = line.ToString();
        line.Clear();
        var at = text.IndexOf(MarkerPrefix, StringComparison.Ordinal);
        if (at < 0 || !long.TryParse(text.AsSpan(at + MarkerPrefix.Length), out var marker))
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
            _markers.Remove(marker, out reached);
        }

        reached?.TrySetResult();
    }
}
