using System.Globalization;
using System.Text;

namespace Kumo.Gateway.Tests.S3;

/// <summary>Builds <c>aws-chunked</c> bodies as the AWS SDKs send them: signed chunks, or unsigned ones with a trailer.</summary>
internal static class AwsChunkedBody
{
    private static readonly string Signature = new('a', 64);

    /// <param name="data">The data.</param>
    /// <param name="chunkSize">The size of each chunk but the last.</param>
    /// <param name="signed">Whether each chunk carries <c>;chunk-signature=…</c>.</param>
    /// <param name="trailers">Trailer lines after the final chunk (with a trailer signature when signed).</param>
    /// <param name="final">Whether to end with the 0-size chunk.</param>
    public static byte[] Build(byte[] data, int chunkSize, bool signed, IEnumerable<KeyValuePair<string, string>>? trailers = null, bool final = true)
    {
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.ASCII.GetBytes(text));
        var extension = signed ? ";chunk-signature=" + Signature : "";
        for (var at = 0; at < data.Length; at += chunkSize)
        {
            var size = Math.Min(chunkSize, data.Length - at);
            Write(size.ToString("x", CultureInfo.InvariantCulture) + extension + "\r\n");
            body.Write(data, at, size);
            Write("\r\n");
        }

        if (!final)
        {
            return body.ToArray();
        }

        Write("0" + extension + "\r\n");
        var lines = trailers?.ToList() ?? [];
        foreach (var (name, value) in lines)
        {
            Write($"{name}:{value}\r\n");
        }

        if (signed && lines.Count > 0)
        {
            Write("x-amz-trailer-signature:" + Signature + "\r\n");
        }

        Write("\r\n");
        return body.ToArray();
    }
}
