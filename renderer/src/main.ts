import { mount } from 'svelte';
import App from './App.svelte';
// sets <html class="tv"> before the first frame on TVs
import './lib/tv-mode.svelte.ts';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export const app = mount(App, { target });
