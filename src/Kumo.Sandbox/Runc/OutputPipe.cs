using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Kumo.Sandbox.Runc;

/// <summary>
/// A pipe that carries a sandbox's stdout or stderr to Kumo, line by line. kumo-init puts a marker line into
/// the stream when the runtime answers an invocation (see kumo-init's AnswerMarkers); the marker follows
/// everything the runtime wrote before it answered, so once the reader meets it, the invocation's log is
/// complete — without waiting an arbitrary time. Markers never reach the log.
/// </summary>
/// <remarks>
/// Markers carry a random nonce per sandbox. The function could learn it (it runs as the same user as
/// kumo-init) and forge one, but that would only cut its own log short. Lines are cut at
/// <see cref="MaxLineChars"/>, so a function that never writes a newline cannot grow Kumo's memory.
/// </remarks>
internal sealed class OutputPipe : IDisposable
{
    /// <summary>The longest line passed on; longer ones are passed on in pieces.</summary>
    public const int MaxLineChars = 64 * 1024;

    private const int RememberedMarkers = 64;

    private readonly FileStream _reader;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<string> _onLine;
    private readonly string _markerPrefix;
    private readonly Dictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
    private readonly Queue<string> _seen = new();
    private readonly Lock _gate = new();
    private int _writeFd;

    public unsafe OutputPipe(string markerNonce, Action<string> onLine)
    {
        var fds = stackalloc int[2];
        if (Posix.Pipe2(fds, Posix.CloseOnExec) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "cannot create a pipe");
        }

        _reader = new FileStream(new SafeFileHandle(fds[0], ownsHandle: true), FileAccess.Read, bufferSize: 0);
        _writeFd = fds[1];
        _markerPrefix = $"\u001fkumo-drain:{markerNonce}:";
        _onLine = onLine;
        // A thread of its own, reading synchronously: .NET has no asynchronous reads of anonymous pipes (its
        // ReadAsync would hold a thread-pool thread just the same, and under load the pool may not come round
        // for seconds, while an invocation's answer waits for its log).
        new Thread(Read) { IsBackground = true, Name = "sandbox output" }.Start();
    }

    /// <summary>The write end, to hand to the child as its stdout or stderr; close Kumo's copy once it has.</summary>
    public int WriteFd => _writeFd;

    /// <summary>Completes when the stream ended: every write end closed and everything read.</summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// Waits until the reader has met the marker for <paramref name="key"/> (a request id, or <c>init</c>), or the
    /// stream ended. Returns at once when the marker was already read.
    /// </summary>
    public Task WaitForMarkerAsync(string key, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiting;
        lock (_gate)
        {
            if (_seen.Contains(key) || Completion.IsCompleted)
            {
                return Task.CompletedTask;
            }

            if (!_waiting.TryGetValue(key, out waiting!))
            {
                waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting[key] = waiting;
            }
        }

        return Task.WhenAny(waiting.Task, Completion).WaitAsync(cancellationToken);
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

    private void Read()
    {
        var buffer = new byte[16 * 1024];
        var line = new StringBuilder();
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        try
        {
            int read;
            while ((read = _reader.Read(buffer)) > 0)
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
                            var keep = _markerPrefix.Length + 200;
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
            foreach (var waiting in _waiting.Values)
            {
                waiting.TrySetResult();
            }
        }

        _completion.TrySetResult();
    }

    private void Emit(string text)
    {
        var at = text.IndexOf(_markerPrefix, StringComparison.Ordinal);
        if (at < 0)
        {
            _onLine(text.TrimEnd('\r'));
            return;
        }

        if (at > 0)
        {
            // The runtime wrote a partial line just before the marker: it is still the runtime's.
            _onLine(text[..at]);
        }

        var key = text[(at + _markerPrefix.Length)..];
        lock (_gate)
        {
            _seen.Enqueue(key);
            if (_seen.Count > RememberedMarkers)
            {
                _seen.Dequeue();
            }

            if (_waiting.Remove(key, out var waiting))
            {
                waiting.TrySetResult();
            }
        }
    }
}
