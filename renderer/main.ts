import { mount } from 'svelte';
import 'maplibre-gl/dist/maplibre-gl.css';
import './app.css';
import App from './App.svelte';
import { startLocale } from './i18n/i18n.svelte.js';

void startLocale().then(() => mount(App, { target: document.getElementById('app')! }));
