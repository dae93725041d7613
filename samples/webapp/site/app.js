// The page's behaviour: it calls the API on its own origin with URLs relative to the page ("api/…"), so it works
// wherever Kumo serves the app: http://webapp.api.localhost:7070/ or http://127.0.0.1:7070/_kumo/api/webapp/.

const form = document.getElementById("greet-form");
const nameInput = document.getElementById("name");
const button = document.getElementById("greet-button");
const greeting = document.getElementById("greeting");
const greetingDetails = document.getElementById("greeting-details");
const greetError = document.getElementById("greet-error");
const requestList = document.getElementById("request");
const requestError = document.getElementById("request-error");

// Calls the API and returns its JSON answer; an answer that is not 2xx throws an Error with the API's message.
async function callApi(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { accept: "application/json", ...options.headers } });
  const type = response.headers.get("content-type") ?? "";
  const body = type.includes("application/json") ? await response.json() : { message: await response.text() };
  if (!response.ok) {
    throw new Error(`${response.status} ${response.statusText}: ${body.message ?? "no message"}`);
  }

  return body;
}

function show(element, text) {
  element.textContent = text;
  element.hidden = !text;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  button.disabled = true;
  show(greetError, "");
  try {
    const answer = await callApi("api/greetings", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: nameInput.value }),
    });
    greeting.textContent = answer.greeting;
    greetingDetails.textContent = `Language ${answer.language}, at ${new Date(answer.at).toLocaleTimeString()} (request ${answer.requestId})`;
  } catch (error) {
    greeting.textContent = "";
    greetingDetails.textContent = "";
    show(greetError, error.message);
  } finally {
    button.disabled = false;
  }
});

async function loadRequest() {
  try {
    const seen = await callApi("api/request");
    const fields = {
      ...seen,
      methodPath: `${seen.method} ${seen.path}`,
      acceptLanguage: seen.acceptLanguage ?? "(none sent)",
      serverTime: new Date(seen.serverTime).toLocaleString(),
    };
    for (const cell of requestList.querySelectorAll("[data-field]")) {
      cell.textContent = fields[cell.dataset.field] ?? "";
    }
  } catch (error) {
    show(requestError, error.message);
  } finally {
    requestList.setAttribute("aria-busy", "false");
  }
}

loadRequest();
