using System.Text;
using System.Text.Json;
using Kumo.Sandbox.Invocations;
using Kumo.Sandbox.RuntimeApi;
using Kumo.Testing;

namespace Kumo.Sandbox.Tests;

/// <summary>
/// Response streaming through the Runtime API with the real Node runtime: awslambda.streamifyResponse, the
/// HttpResponseStream prelude, errors mid-stream in the trailers, and a streamed answer to a buffered invocation.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class NodeStreamingTests(DriverFixture fixture) : IDisposable
{
    private readonly TempDirectory _code = DriverFixture.Code(
        ("stream.mjs", """
            import fs from 'node:fs';
            import { pipeline } from 'node:stream/promises';
            import { Readable } from 'node:stream';
            const waitFor = (file) => new Promise((resolve) => {
              const poll = () => fs.existsSync(file) ? resolve() : setTimeout(poll, 20);
              poll();
            });
            export const signalled = awslambda.streamifyResponse(async (event, stream, context) => {
              stream = awslambda.HttpResponseStream.from(stream, { statusCode: 201, headers: { 'x-kind': 'stream' }, cookies: ['a=1'] });
              stream.write('first;');
              console.log('wrote first');
              await waitFor('/var/task/go');
              console.log('signalled');
              stream.write('second;');
              // Written while the answer is still open: kumo-init marks a streamed answer only at its end.
              for (let i = 0; i < 50; i++) console.log(`closing line ${i}`);
              stream.end();
            });
            export const piped = awslambda.streamifyResponse(async (event, stream) => {
              stream.setContentType('text/plain');
              await pipeline(Readable.from(['a', 'b', 'c']), stream);
            });
            export const huge = awslambda.streamifyResponse(async (event, stream) => {
              const megabyte = Buffer.alloc(1024 * 1024, 'x');
              for (let i = 0; i < 21; i++) {
                if (!stream.write(megabyte)) await new Promise((resolve) => stream.once('drain', resolve));
              }
              stream.end();
            });
            export const failing = awslambda.streamifyResponse(async (event, stream) => {
              stream.write('partial');
              await new Promise((resolve) => stream.write('', resolve));
              throw new RangeError('broke mid-stream');
            });
            """, false));

    public void Dispose() => _code.Dispose();

    [Fact]
    public async Task StreamingHandler_FirstChunkArrivesBeforeTheFunctionEnds_LogIsComplete()
    {
        var response = new StreamedResponse();
        var sandbox = await fixture.Driver.CreateAsync(DriverFixture.Spec(_code, "nodejs22.x", "stream.signalled"), CancellationToken.None);
        try
        {
            var run = sandbox.InvokeAsync(SandboxRun.Event(new { }) with { Response = response }, CancellationToken.None);

            Assert.Equal("application/vnd.awslambda.http-integration-response", await response.Started);
            var received = new List<byte>();
            var buffer = new byte[4096];
            while (!Encoding.UTF8.GetString([.. received]).EndsWith("first;", StringComparison.Ordinal))
            {
                var read = await response.Body.ReadAsync(buffer);
                Assert.True(read > 0, "the stream ended before the first chunk");
                received.AddRange(buffer.AsSpan(0, read));
            }

            // The function is still waiting for this file: what came so far was streamed, not buffered.
            Assert.False(run.IsCompleted);
            await File.WriteAllTextAsync(_code.Combine("go"), "");
            received.AddRange(await ReadToEndAsync(response.Body));
            var result = await run;

            Assert.True(result.Succeeded, SandboxRun.Describe(result));
            var text = Encoding.UTF8.GetString([.. received]);
            Assert.Equal("""{"statusCode":201,"headers":{"x-kind":"stream"},"cookies":["a=1"]}""" + new string('\0', 8) + "first;second;", text);
            Assert.Contains("wrote first", result.Log, StringComparison.Ordinal);
            Assert.Contains("signalled", result.Log, StringComparison.Ordinal);
            Assert.Contains("closing line 49", result.Log, StringComparison.Ordinal);
        }
        finally
        {
            await sandbox.DisposeAsync();
        }

        await fixture.AssertGoneAsync(sandbox.Id);
    }

    [Fact]
    public async Task Pipeline_WithContentType_StreamsEveryPiece()
    {
        var (result, contentType, body) = await StreamOnceAsync("stream.piped");

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        Assert.Equal("text/plain", contentType);
        Assert.Equal("abc", body);
        Assert.True(result.Payload.IsEmpty);
    }

    [Fact]
    public async Task ErrorMidStream_IsTheInvocationsFunctionError()
    {
        var (result, _, body) = await StreamOnceAsync("stream.failing");

        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.Equal("RangeError", result.ErrorType);
        Assert.Equal("partial", body);
        Assert.Equal("broke mid-stream", JsonDocument.Parse(result.Payload).RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task StreamPast20Megabytes_IsCutOffAtTheLimit_AndTheRuntimeServesTheNextInvocation()
    {
        var response = new StreamedResponse();
        var reading = ReadToEndAsync(response.Body);
        var results = await SandboxRun.InvokeRequestsAsync(
            fixture, DriverFixture.Spec(_code, "nodejs22.x", "stream.huge"), SandboxRun.Event(new { }) with { Response = response }, SandboxRun.Event(new { }));
        var body = await reading;

        Assert.Equal("Function.ResponseSizeTooLarge", results[0].ErrorType);
        Assert.InRange(body.Length, StreamedAnswer.MaxStreamedResponseBytes - (64 * 1024), StreamedAnswer.MaxStreamedResponseBytes);

        // The runtime came back for the next invocation, whose streamed answer, collected whole, is over 6 MB.
        Assert.Equal(InvocationStatus.FunctionError, results[1].Status);
        Assert.Equal("Function.ResponseSizeTooLarge", results[1].ErrorType);
    }

    [Fact]
    public async Task StreamingHandler_InvokedBuffered_AnswersTheWholeBody()
    {
        var result = await SandboxRun.InvokeOnceAsync(fixture, _code, "nodejs22.x", "stream.piped", new { });

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        Assert.Equal("abc", Encoding.UTF8.GetString(result.Payload.Span));
    }

    private async Task<(InvocationResult Result, string ContentType, string Body)> StreamOnceAsync(string handler)
    {
        var response = new StreamedResponse();
        var request = SandboxRun.Event(new { }) with { Response = response };
        var reading = ReadToEndAsync(response.Body);
        var result = (await SandboxRun.InvokeRequestsAsync(fixture, DriverFixture.Spec(_code, "nodejs22.x", handler), request))[0];
        var body = Encoding.UTF8.GetString(await reading);
        return (result, response.Started.IsCompletedSuccessfully ? await response.Started : "", body);
    }

    private static async Task<byte[]> ReadToEndAsync(Stream body)
    {
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        return copy.ToArray();
    }
}
