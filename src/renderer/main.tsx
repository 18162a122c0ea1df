import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { keepFocusAboveStickyBars } from './ui/stickyBar.js';
import './styles.css';

keepFocusAboveStickyBars();
createRoot(document.getElementById('root')!).render(<App />);
