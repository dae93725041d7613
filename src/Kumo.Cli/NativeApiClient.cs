using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Kumo.Abstractions;

namespace Kumo.Cli;

/// <summary>
/// Reads Kumo's native API for a command. Every failure is reported on the console as one line that says what
/// to do; the caller only passes on the exit code.
/// </summary>
internal sealed class NativeApiClient : IDisposable
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly CliConsole _console;

    private NativeApiClient(Uri endpoint, CliConsole console)
    {
        Endpoint = endpoint;
        _console = console;
        _http = new HttpClient { BaseAddress = endpoint, Timeout = RequestTimeout };
    }

    public Uri Endpoint { get; }

    /// <summary>A client for the endpoint given by <c>--endpoint</c> or <c>KUMO_ENDPOINT</c>, or null after reporting why it is not valid.</summary>
    public static NativeApiClient? Create(string endpointText, CliConsole console)
    {
        var endpoint = EndpointOption.Parse(endpointText, out var problem);
        if (endpoint is null)
        {
            console.Fail(problem!);
            return null;
        }

        return new NativeApiClient(endpoint, console);
    }

    /// <summary>The one line that says no server answered, and how to start or name one.</summary>
    public static string Unreachable(Uri endpoint, string detail) =>
        $"no Kumo server answers at {endpoint} ({detail}). Start one with 'kumo up', or name another with --endpoint or {EndpointOption.EnvironmentVariable}.";

    /// <summary>GETs <paramref name="pathAndQuery"/> and reads the answer as <paramref name="type"/>.</summary>
    public Task<ApiAnswer<T>> GetAsync<T>(string pathAndQuery, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class =>
        SendAsync($"GET {pathAndQuery.Split('?')[0]}", token => _http.GetAsync(pathAndQuery.TrimStart('/'), token), type, cancellationToken);

    /// <summary>POSTs <paramref name="body"/> as JSON to <paramref name="path"/> and reads the answer as <paramref name="type"/>.</summary>
    public Task<ApiAnswer<T>> PostAsync<TBody, T>(string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class =>
        SendAsync($"POST {path}", token => _http.PostAsJsonAsync(path.TrimStart('/'), body, bodyType, token), type, cancellationToken);

    /// <summary>
    /// POSTs <paramref name="body"/> (JSON bytes, sent as they are) to <paramref name="path"/> with
    /// <paramref name="headers"/>, and reads the answer as <paramref name="type"/>.
    /// </summary>
    public Task<ApiAnswer<T>> PostBytesAsync<T>(
        string path, byte[] body, IReadOnlyDictionary<string, string> headers, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class =>
        SendAsync(
            $"POST {path}",
            async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                foreach (var (name, value) in headers)
                {
                    request.Headers.Add(name, value);
                }

                return await _http.SendAsync(request, token);
            },
            type,
            cancellationToken);

    /// <summary>PUTs <paramref name="body"/> (JSON bytes, sent as they are) to <paramref name="path"/> and reads the answer as <paramref name="type"/>.</summary>
    public Task<ApiAnswer<T>> PutBytesAsync<T>(string path, byte[] body, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class =>
        SendAsync(
            $"PUT {path}",
            async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Put, path.TrimStart('/')) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                return await _http.SendAsync(request, token);
            },
            type,
            cancellationToken);

    /// <summary>DELETEs <paramref name="path"/>: <see cref="ExitCodes.Success"/>, or the exit code of a failure that was reported.</summary>
    public async Task<int> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        var what = $"DELETE {path}";
        try
        {
            using var response = await _http.DeleteAsync(path.TrimStart('/'), cancellationToken);
            return response.IsSuccessStatusCode ? ExitCodes.Success : await ReportErrorAsync(response, what, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            _console.Fail(Unreachable(Endpoint, e.Message));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _console.Fail($"the server at {Endpoint} did not answer {what} within {RequestTimeout.TotalSeconds:0} s.");
        }

        return ExitCodes.Failure;
    }

    private async Task<ApiAnswer<T>> SendAsync<T>(
        string what, Func<CancellationToken, Task<HttpResponseMessage>> send, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var response = await send(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return ApiAnswer<T>.Failed(await ReportErrorAsync(response, what, cancellationToken));
            }

            if (await response.Content.ReadFromJsonAsync(type, cancellationToken) is { } value)
            {
                return ApiAnswer<T>.Of(value);
            }

            _console.Fail($"{Endpoint} answered {what} with an empty document; is it a Kumo server?");
        }
        catch (HttpRequestException e)
        {
            _console.Fail(Unreachable(Endpoint, e.Message));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _console.Fail($"the server at {Endpoint} did not answer {what} within {RequestTimeout.TotalSeconds:0} s.");
        }
        catch (JsonException e)
        {
            _console.Fail($"{Endpoint} answered {what} with something other than Kumo's answer ({e.Message}); is it a Kumo server of this version?");
        }

        return ApiAnswer<T>.Failed(ExitCodes.Failure);
    }

    public void Dispose() => _http.Dispose();

    // The native API explains refusals in an ApiError; a server that is not Kumo (or an older one) does not.
    private async Task<int> ReportErrorAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var exitCode = response.StatusCode == HttpStatusCode.BadRequest ? ExitCodes.Usage : ExitCodes.Failure;
        try
        {
            var error = await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.ApiError, cancellationToken);
            if (error is { Message.Length: > 0 })
            {
                _console.Fail(error.Message);
                return exitCode;
            }
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // Not an ApiError: reported below by its status.
        }

        _console.Fail($"{Endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase} to {what}; is it a Kumo server of this version?");
        return exitCode;
    }
}
