using System.Text;

namespace Kumo.Gateway.Lambda.Invoke;

/// <summary>
/// The <c>X-Amz-Log-Result</c> of an invocation: the base64 of the last 4 KB of its log, cut at the start of a line
/// when the window holds one, else at the start of a character.
/// </summary>
internal static class LogTail
{
    public const int MaxBytes = 4096;

    public static string Encode(string log)
    {
        ArgumentNullException.ThrowIfNull(log);

        // Every character takes at least one byte, so the last MaxBytes bytes lie within the last MaxBytes characters.
        var tail = log.Length > MaxBytes ? log[^MaxBytes..] : log;
        if (tail.Length < log.Length && char.IsLowSurrogate(tail[0]))
        {
            tail = tail[1..];
        }

        var bytes = Encoding.UTF8.GetBytes(tail);
        var start = Math.Max(0, bytes.Length - MaxBytes);
        var atLineStart = start > 0 ? bytes[start - 1] == '\n' : tail.Length == log.Length || log[^(tail.Length + 1)] == '\n';
        if (!atLineStart)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            if (newline >= 0 && newline + 1 < bytes.Length)
            {
                start = newline + 1;
            }
            else
            {
                while (start < bytes.Length && (bytes[start] & 0xC0) == 0x80)
                {
                    start++;
                }
            }
        }

        return Convert.ToBase64String(bytes, start, bytes.Length - start);
    }
}
