namespace Hello;

/// <summary>Greets whoever the event names. Handler: <c>HelloFunction::Hello.Function::Handle</c>.</summary>
public sealed class Function
{
    /// <summary>Builds the greeting; the event <c>{"name":"Kumo"}</c> answers <c>{"Message":"Hello, Kumo!"}</c>.</summary>
    public Greeting Handle(GreetingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Console.WriteLine($"greeting {request.Name}");
        return new Greeting($"Hello, {(string.IsNullOrWhiteSpace(request.Name) ? "stranger" : request.Name)}!");
    }
}

/// <summary>The event.</summary>
/// <param name="Name">Who to greet.</param>
public sealed record GreetingRequest(string? Name);

/// <summary>The result.</summary>
/// <param name="Message">The greeting.</param>
public sealed record Greeting(string Message);
