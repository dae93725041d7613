using System.Text;

namespace Kumo.Init;

/// <summary>The marker line <see cref="AnswerMarkers"/> writes when the runtime has answered, as the worker's output pipes look for it.</summary>
internal static class AnswerMarkerLine
{
    /// <summary>Writes the marker for <paramref name="key"/> (a request id, or <c>init</c>) to stdout and to stderr.</summary>
    public static unsafe void Write(string nonce, string key)
    {
        // One write(2) of under PIPE_BUF bytes is atomic: the marker never interleaves with the runtime's output.
        // Raw writes, not Console: Console initialises itself lazily, which can fail once the function has
        // used up the sandbox's process limit.
        var line = Encoding.ASCII.GetBytes($"\u001fkumo-drain:{nonce}:{key}\n");
        fixed (byte* bytes = line)
        {
            _ = Native.Write(1, bytes, line.Length);
            _ = Native.Write(2, bytes, line.Length);
        }
    }
}
