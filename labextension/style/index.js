import './index.css';
import './panel.css';
import './slides.css';
